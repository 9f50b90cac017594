package dev.netseg.operator.http;

import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A liveness or readiness endpoint: 200 "ok" while the check passes, 503 with the reason when it
 * does not, so that {@code kubectl describe pod} shows why a probe failed.
 */
public final class ProbeHandler extends Handler.Abstract {
  private final Supplier<Optional<String>> problem;

  /**
   * @param problem empty when healthy, else what is wrong
   */
  public ProbeHandler(Supplier<Optional<String>> problem) {
    this.problem = problem;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Optional<String> p = problem.get();
    Responses.text(
        response,
        callback,
        p.isPresent() ? 503 : 200,
        "text/plain; charset=utf-8",
        p.orElse("ok") + "\n");
    return true;
  }
}
