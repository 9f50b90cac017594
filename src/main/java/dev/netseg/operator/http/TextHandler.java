package dev.netseg.operator.http;

import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Serves a text document computed per request (the Prometheus scrape). */
public final class TextHandler extends Handler.Abstract {
  private final String contentType;
  private final Supplier<String> body;

  public TextHandler(String contentType, Supplier<String> body) {
    this.contentType = contentType;
    this.body = body;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (!HttpMethod.GET.is(request.getMethod())) {
      response.getHeaders().put(HttpHeader.ALLOW, "GET");
      Responses.text(response, callback, 405, "text/plain; charset=utf-8", "only GET is allowed\n");
      return true;
    }
    Responses.text(response, callback, 200, contentType, body.get());
    return true;
  }
}
