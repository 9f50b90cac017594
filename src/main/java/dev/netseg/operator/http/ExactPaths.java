package dev.netseg.operator.http;

import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Routes each request to the handler of exactly its path ({@code /healthz}, not {@code /healthzfoo}
 * nor {@code /healthz/}); any other path is 404 and reaches no handler.
 */
final class ExactPaths extends Handler.AbstractContainer {
  private final Map<String, Handler> routes;

  ExactPaths(Map<String, ? extends Handler> routes) {
    super(false);
    this.routes = Map.copyOf(routes);
    this.routes.values().forEach(this::addBean);
  }

  @Override
  public List<Handler> getHandlers() {
    return List.copyOf(routes.values());
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    Handler handler = routes.get(Request.getPathInContext(request));
    if (handler != null && handler.handle(request, response, callback)) {
      return true;
    }
    Responses.text(response, callback, 404, "text/plain; charset=utf-8", "not found\n");
    return true;
  }
}
