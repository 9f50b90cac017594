package dev.netseg.operator.http;

import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Admits requests only while this replica learns (it is the leader, its stored edges are loaded):
 * otherwise 503 with {@code Retry-After}, before authentication and before reading the body, so a
 * replica that does not learn records nothing. The flow Service balances over every replica; a
 * collector that retries on 503 reaches the leader.
 */
public final class LeaderOnlyHandler extends Handler.Wrapper {
  private final BooleanSupplier admitting;

  public LeaderOnlyHandler(BooleanSupplier admitting, Handler delegate) {
    super(Objects.requireNonNull(delegate, "delegate"));
    this.admitting = Objects.requireNonNull(admitting, "admitting");
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (admitting.getAsBoolean()) {
      return super.handle(request, response, callback);
    }
    response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
    Responses.json(
        response, callback, 503, Map.of("error", "this replica is not the leader; retry"));
    return true;
  }
}
