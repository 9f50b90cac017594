package dev.netseg.operator.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads a request body up to a limit without holding a thread while the client is slow: it reads
 * what has arrived and asks Jetty to call it again when more does. The listener is told once, on a
 * worker thread, and then nothing more is read.
 *
 * <p>A body over the limit is still read to its end, and dropped, while it stays within twice the
 * limit: a server that answers and closes with unread bytes in its socket resets the connection,
 * and the client may lose the answer ({@code 413}) to the reset. Beyond that the rest is left
 * unread and the connection is to be closed.
 */
final class BodyReader implements Runnable {

  /** What became of the body. */
  interface Listener {
    void onBody(byte[] body);

    /**
     * More than the limit arrived.
     *
     * @param drained whether the whole body was read (and dropped); if not, the rest is unread and
     *     the answer should close the connection
     */
    void onTooLarge(boolean drained);

    /** The body could not be read: the request time ran out, or the connection failed. */
    void onFailure(Throwable failure);
  }

  private final Request request;
  private final long maxBytes;
  private final boolean keep;
  private final Listener listener;
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private long seen;

  private BodyReader(Request request, long maxBytes, boolean keep, Listener listener) {
    this.request = request;
    this.maxBytes = maxBytes;
    this.keep = keep;
    this.listener = listener;
  }

  /** Reads a body of at most {@code maxBytes} for {@link Listener#onBody}. */
  static void read(Request request, long maxBytes, Listener listener) {
    new BodyReader(request, maxBytes, true, listener).run();
  }

  /**
   * Reads and drops a body that will not be used (the request is refused), so that the answer
   * reaches the client and the connection stays usable: {@link Listener#onBody} (with nothing) at
   * its end, or {@link Listener#onTooLarge} {@code (false)} once more than {@code maxBytes} came.
   */
  static void discard(Request request, long maxBytes, Listener listener) {
    new BodyReader(request, maxBytes, false, listener).run();
  }

  /** Reads what is there; called again by Jetty (a blocking task: on a worker) when more comes. */
  @Override
  public void run() {
    long readLimit = keep ? 2 * maxBytes : maxBytes;
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
      seen += buffer.remaining();
      if (seen > readLimit) {
        chunk.release();
        listener.onTooLarge(false);
        return;
      }
      boolean over = keep && seen > maxBytes;
      if (keep && !over) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        body.write(bytes, 0, bytes.length);
      }
      chunk.release();
      if (last) {
        if (over) {
          listener.onTooLarge(true);
        } else {
          listener.onBody(body.toByteArray());
        }
        return;
      }
    }
  }
}
