package dev.netseg.operator.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/flows}: netseg JSON-lines records from a collector. Anyone who can inject
 * flows could open holes in the policies, so the caller must present a ServiceAccount token that a
 * TokenReview confirms and that is on the allowed list; the identity is checked before the body is
 * read, and a refused request records nothing. Bodies are bounded.
 */
public final class FlowIngestHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(FlowIngestHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TokenAuthenticator authenticator;
  private final Set<String> allowedUsers;
  private final long maxBodyBytes;
  private final FlowBatchSink sink;

  /**
   * @param allowedUsers user names allowed to post, e.g. {@code
   *     system:serviceaccount:monitoring:flow-exporter}
   */
  public FlowIngestHandler(
      TokenAuthenticator authenticator,
      Set<String> allowedUsers,
      long maxBodyBytes,
      FlowBatchSink sink) {
    this.authenticator = authenticator;
    this.allowedUsers = Set.copyOf(allowedUsers);
    this.maxBodyBytes = maxBodyBytes;
    this.sink = sink;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().add("Allow", "POST");
        respond(exchange, 405, Map.of("error", "only POST is allowed"));
        return;
      }
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7) || auth.length() <= 7) {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer");
        respond(exchange, 401, Map.of("error", "a ServiceAccount bearer token is required"));
        return;
      }
      String user;
      try {
        user = authenticator.authenticate(auth.substring(7).trim()).orElse(null);
      } catch (TokenAuthenticator.AuthenticationUnavailableException e) {
        LOG.warn("Cannot authenticate a flow collector: {}", e.getMessage());
        respond(exchange, 503, Map.of("error", "authentication is unavailable, retry later"));
        return;
      }
      if (user == null) {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer");
        respond(exchange, 401, Map.of("error", "the token is not valid"));
        return;
      }
      if (!allowedUsers.contains(user)) {
        LOG.warn(
            "Refused flows from {}: not in the allowed collectors; add it to"
                + " --flow-ingest-allowed to accept them",
            user);
        respond(exchange, 403, Map.of("error", user + " may not post flows"));
        return;
      }
      String length = exchange.getRequestHeaders().getFirst("Content-Length");
      if (length != null && parseLong(length) > maxBodyBytes) {
        respond(exchange, 413, Map.of("error", "body larger than " + maxBodyBytes + " bytes"));
        return;
      }
      byte[] body = readBounded(exchange.getRequestBody());
      if (body == null) {
        respond(exchange, 413, Map.of("error", "body larger than " + maxBodyBytes + " bytes"));
        return;
      }
      List<String> lines =
          new String(body, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
      FlowBatchSink.BatchResult result = sink.accept(user, lines);
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("accepted", result.accepted());
      summary.put("rejected", result.rejectedByReason());
      respond(exchange, 200, summary);
    }
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The body, or null when it is longer than the limit (read no further than limit + 1). */
  private byte[] readBounded(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    long total = 0;
    int n;
    while ((n = in.read(buf)) != -1) {
      total += n;
      if (total > maxBodyBytes) {
        return null;
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream os = exchange.getResponseBody()) {
      os.write(bytes);
    }
  }
}
