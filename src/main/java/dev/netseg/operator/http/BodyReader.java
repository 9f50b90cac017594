package dev.netseg.operator.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads a request body up to a limit without holding a thread while the client is slow: it reads
 * what has arrived and asks Jetty to call it again when more does. The listener is told once, on a
 * worker thread, and then nothing more is read.
 */
final class BodyReader implements Runnable {

  /** What became of the body. */
  interface Listener {
    void onBody(byte[] body);

    /** More than the limit arrived; the rest is left unread. */
    void onTooLarge();

    /** The body could not be read: the request time ran out, or the connection failed. */
    void onFailure(Throwable failure);
  }

  private final Request request;
  private final long maxBytes;
  private final Listener listener;
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();

  private BodyReader(Request request, long maxBytes, Listener listener) {
    this.request = request;
    this.maxBytes = maxBytes;
    this.listener = listener;
  }

  static void read(Request request, long maxBytes, Listener listener) {
    new BodyReader(request, maxBytes, listener).run();
  }

  /** Reads what is there; called again by Jetty (a blocking task: on a worker) when more comes. */
  @Override
  public void run() {
    while (true) {
      Content.Chunk chunk = request.read();
      if (chunk == null) {
        request.demand(this);
        return;
      }
      if (Content.Chunk.isFailure(chunk)) {
        listener.onFailure(chunk.getFailure());
        return;
      }
      ByteBuffer buffer = chunk.getByteBuffer();
      boolean last = chunk.isLast();
      if (body.size() + (long) buffer.remaining() > maxBytes) {
        chunk.release();
        listener.onTooLarge();
        return;
      }
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      chunk.release();
      body.write(bytes, 0, bytes.length);
      if (last) {
        listener.onBody(body.toByteArray());
        return;
      }
    }
  }
}
