package dev.netseg.dataplane;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Copies bytes both ways between two connections until either ends, then closes both: the two
 * halves of the API server relay (a TCP port inside the node namespace, a Unix socket file the test
 * JVM serves). TLS and HTTP/2 never half-close, so the first end is the connection's end. Channels,
 * not their stream adapters: a socket channel reads and writes from two threads at once. JDK only,
 * as {@link NetnsAgent} uses it.
 */
final class Pump {
  private Pump() {}

  /** Starts copying {@code a} to {@code b} and back on {@code threads}; both close at the end. */
  static void both(ByteChannel a, ByteChannel b, Executor threads) {
    AtomicBoolean closed = new AtomicBoolean();
    Runnable close =
        () -> {
          if (closed.compareAndSet(false, true)) {
            closeQuietly(a);
            closeQuietly(b);
          }
        };
    threads.execute(() -> copy(a, b, close));
    threads.execute(() -> copy(b, a, close));
  }

  private static void copy(ByteChannel from, ByteChannel to, Runnable close) {
    ByteBuffer buffer = ByteBuffer.allocate(32 * 1024);
    try {
      while (from.read(buffer) >= 0) {
        buffer.flip();
        while (buffer.hasRemaining()) {
          to.write(buffer);
        }
        buffer.clear();
      }
    } catch (IOException e) {
      // that side is gone: so is the connection
    } finally {
      close.run();
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // closing anyway
    }
  }
}
