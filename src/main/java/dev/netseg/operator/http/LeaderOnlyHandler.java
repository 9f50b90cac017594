package dev.netseg.operator.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Admits requests only while this replica learns (it is the leader, its stored edges are loaded):
 * otherwise 503 with {@code Retry-After}, before authentication and before reading the body, so a
 * replica that does not learn records nothing. The flow Service balances over every replica; a
 * collector that retries on 503 reaches the leader.
 */
public final class LeaderOnlyHandler implements HttpHandler {
  private static final byte[] NOT_LEADER =
      "{\"error\":\"this replica is not the leader; retry\"}".getBytes(StandardCharsets.UTF_8);

  private final BooleanSupplier admitting;
  private final HttpHandler delegate;

  public LeaderOnlyHandler(BooleanSupplier admitting, HttpHandler delegate) {
    this.admitting = Objects.requireNonNull(admitting, "admitting");
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    if (admitting.getAsBoolean()) {
      delegate.handle(exchange);
      return;
    }
    try (exchange) {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.getResponseHeaders().set("Retry-After", "1");
      exchange.sendResponseHeaders(503, NOT_LEADER.length);
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(NOT_LEADER);
      }
    }
  }
}
