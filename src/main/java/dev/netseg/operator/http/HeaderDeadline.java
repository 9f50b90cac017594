package dev.netseg.operator.http;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes a connection that has not sent a complete request line and headers within a limit of being
 * opened or of its previous request's end. Jetty parses headers without holding a worker, but a
 * client that sends one byte before each idle time-out would otherwise keep its connection, and a
 * place under the connection limit, for as long as it likes.
 *
 * <p>Add {@link #connectionListener()} to the connector and this handler in front of the others.
 */
final class HeaderDeadline extends Handler.Wrapper {
  private final Scheduler scheduler;
  private final Duration limit;
  private final ConcurrentHashMap<Connection, Scheduler.Task> waiting = new ConcurrentHashMap<>();

  HeaderDeadline(Scheduler scheduler, Duration limit, Handler handler) {
    super(handler);
    this.scheduler = scheduler;
    this.limit = limit;
  }

  /** Starts the clock on every connection that carries requests (not the TLS layer under it). */
  Connection.Listener connectionListener() {
    return new Connection.Listener() {
      @Override
      public void onOpened(Connection connection) {
        if (connection instanceof ConnectionMetaData) {
          arm(connection);
        }
      }

      @Override
      public void onClosed(Connection connection) {
        disarm(connection);
      }
    };
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    Connection connection = request.getConnectionMetaData().getConnection();
    disarm(connection);
    Request.addCompletionListener(
        request,
        failure -> {
          if (connection.getEndPoint().isOpen()) {
            arm(connection);
          }
        });
    return super.handle(request, response, callback);
  }

  private void arm(Connection connection) {
    Expiry expiry = new Expiry(connection);
    expiry.task = scheduler.schedule(expiry, limit.toMillis(), TimeUnit.MILLISECONDS);
    Scheduler.Task previous = waiting.put(connection, expiry.task);
    if (previous != null) {
      previous.cancel();
    }
  }

  private void disarm(Connection connection) {
    Scheduler.Task task = waiting.remove(connection);
    if (task != null) {
      task.cancel();
    }
  }

  private final class Expiry implements Runnable {
    private final Connection connection;
    private volatile Scheduler.Task task;

    Expiry(Connection connection) {
      this.connection = connection;
    }

    @Override
    public void run() {
      Scheduler.Task mine = task;
      if (mine != null && waiting.remove(connection, mine)) {
        connection.close();
      }
    }
  }
}
