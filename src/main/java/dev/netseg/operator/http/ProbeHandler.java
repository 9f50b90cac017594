package dev.netseg.operator.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A liveness or readiness endpoint: 200 "ok" while the check passes, 503 with the reason when it
 * does not, so that {@code kubectl describe pod} shows why a probe failed.
 */
public final class ProbeHandler implements HttpHandler {
  private final Supplier<Optional<String>> problem;

  /**
   * @param problem empty when healthy, else what is wrong
   */
  public ProbeHandler(Supplier<Optional<String>> problem) {
    this.problem = problem;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Optional<String> p = problem.get();
      byte[] body = (p.orElse("ok") + "\n").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      exchange.sendResponseHeaders(p.isPresent() ? 503 : 200, body.length);
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(body);
      }
    }
  }
}
