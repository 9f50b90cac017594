package dev.netseg.operator.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FlowIngestHandlerTest {
  private static final String ALLOWED = "system:serviceaccount:monitoring:flow-exporter";
  private static final String OTHER = "system:serviceaccount:default:intruder";
  private static final Map<String, String> TOKENS = Map.of("good", ALLOWED, "other", OTHER);
  private static final String LINE =
      "{\"time\":\"2026-11-01T10:00:00Z\",\"src\":{\"namespace\":\"shop\",\"pod\":\"a\"},"
          + "\"dst\":{\"ip\":\"10.0.0.1\"},\"port\":443}";

  private final List<List<String>> recorded = new CopyOnWriteArrayList<>();
  private final List<String> collectors = new CopyOnWriteArrayList<>();
  private HttpEndpoints server;
  private URI uri;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    TokenAuthenticator auth = token -> Optional.ofNullable(TOKENS.get(token));
    FlowBatchSink sink =
        (collector, lines) -> {
          collectors.add(collector);
          recorded.add(lines);
          return new FlowBatchSink.BatchResult(lines.size(), Map.of(), Map.of());
        };
    start(
        new FlowIngestHandler(
            new CollectorAuthenticator(auth, Clock.systemUTC()), Set.of(ALLOWED), 1024, sink));
  }

  private void start(FlowIngestHandler handler) {
    if (server != null) {
      server.close();
    }
    server =
        new HttpEndpoints(
            "flow ingestion",
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            HttpEndpoints.Limits.FLOWS,
            Optional.empty(),
            Map.of("/api/v1/flows", handler));
    server.start();
    uri =
        URI.create(
            "http://"
                + InetAddress.getLoopbackAddress().getHostAddress()
                + ":"
                + server.port()
                + "/api/v1/flows");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> post(String token, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void acceptsABatchFromAnAllowedServiceAccount() throws Exception {
    HttpResponse<String> r = post("good", LINE + "\n\n" + LINE + "\n");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"accepted\":2");
    assertThat(recorded).containsExactly(List.of(LINE, LINE));
    assertThat(collectors).containsExactly(ALLOWED);
  }

  @Test
  void refusesWithoutRecordingAnything() throws Exception {
    // many rounds on one client's pooled connections: every refusal is answered, and answered
    // on a connection that can be used again (it failed at random when refusals left the body
    // unread)
    for (int round = 0; round < 50; round++) {
      assertThat(post(null, LINE).statusCode()).isEqualTo(401);
      assertThat(post("forged", LINE).statusCode()).isEqualTo(401);
      assertThat(post("other", LINE).statusCode()).isEqualTo(403);
      assertThat(post("good", LINE.repeat(20)).statusCode()).isEqualTo(413);
    }
    HttpResponse<String> get =
        http.send(
            HttpRequest.newBuilder(uri).header("Authorization", "Bearer good").GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(recorded).isEmpty();
  }

  /**
   * A body over the limit is answered 413, every time: the server reads (and drops) the rest of a
   * body it refuses, up to twice the limit, so that closing the connection with unread bytes cannot
   * reset it before the client has read the answer ("header parser received no bytes").
   */
  @Test
  void aBodyOverTheLimitIsAlwaysAnswered413() throws Exception {
    String justOver = LINE.repeat(1024 / LINE.length() + 1);
    String twiceTheLimit = LINE.repeat(2048 / LINE.length());
    for (int i = 0; i < 300; i++) {
      assertThat(post("good", i % 2 == 0 ? justOver : twiceTheLimit).statusCode())
          .as("request %d", i)
          .isEqualTo(413);
    }
    assertThat(recorded).isEmpty();
  }

  @Test
  void boundsAChunkedBodyWithoutContentLength() throws Exception {
    byte[] big = LINE.repeat(20).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    HttpRequest req =
        HttpRequest.newBuilder(uri)
            .header("Authorization", "Bearer good")
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(big)))
            .build();
    assertThat(http.send(req, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(413);
    assertThat(recorded).isEmpty();
  }

  @Test
  void answersServiceUnavailableWhenTokensCannotBeChecked() throws Exception {
    start(
        new FlowIngestHandler(
            new CollectorAuthenticator(
                token -> {
                  throw new TokenAuthenticator.AuthenticationUnavailableException("down", null);
                },
                Clock.systemUTC()),
            Set.of(ALLOWED),
            1024,
            (c, l) -> {
              recorded.add(l);
              return new FlowBatchSink.BatchResult(0, Map.of(), Map.of());
            }));
    assertThat(post("good", LINE).statusCode()).isEqualTo(503);
    assertThat(recorded).isEmpty();
  }
}
