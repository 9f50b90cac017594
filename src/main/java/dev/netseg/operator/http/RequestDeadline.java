package dev.netseg.operator.http;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.NanoTime;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Bounds the time of a whole request, from its first byte: when the limit passes before the
 * response is complete, the request is failed, so that a handler waiting for the rest of a body
 * gets a {@link TimeoutException} (and answers 408) instead of waiting for a client that trickles
 * one byte at a time, which the idle time-out never catches.
 */
final class RequestDeadline extends Handler.Wrapper {
  private final Scheduler scheduler;
  private final Duration limit;

  RequestDeadline(Scheduler scheduler, Duration limit, Handler handler) {
    super(handler);
    this.scheduler = scheduler;
    this.limit = limit;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    long left = Math.max(0, limit.toNanos() - NanoTime.since(request.getBeginNanoTime()));
    Scheduler.Task task =
        scheduler.schedule(
            () -> request.fail(new TimeoutException("request not complete within " + limit)),
            left,
            TimeUnit.NANOSECONDS);
    Request.addCompletionListener(request, failure -> task.cancel());
    return super.handle(request, response, callback);
  }
}
