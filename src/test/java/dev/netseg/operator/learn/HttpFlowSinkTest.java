package dev.netseg.operator.learn;

import static dev.netseg.operator.learn.TestPods.deploymentPod;
import static dev.netseg.operator.learn.TestPods.line;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.flows.RejectReason;
import dev.netseg.flows.SkipReason;
import dev.netseg.operator.OperatorMetrics;
import dev.netseg.operator.http.CollectorAuthenticator;
import dev.netseg.operator.http.FlowBatchSink.BatchResult;
import dev.netseg.operator.http.FlowIngestHandler;
import dev.netseg.operator.http.HttpEndpoints;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HttpFlowSinkTest {
  private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
  private static final String HTTP = FlowSourceNames.HTTP;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final FlowLearning learning =
      new FlowLearning(
          Set.of(HTTP),
          ns -> ns.equals("shop"),
          new OperatorMetrics(registry),
          Clock.fixed(T0, ZoneOffset.UTC));

  {
    learning.observePods(
        List.of(
            deploymentPod("shop", "web", "web-5d8f-a", "10.0.0.5", T0),
            deploymentPod("shop", "db", "db-5d8f-a", "10.0.0.6", T0)),
        T0);
  }

  private static final String GOOD = line(T0, "10.0.0.5", "shop", "db-5d8f-a", 5432);

  /** A pod in scope that the operator does not know. */
  private static final String UNKNOWN_POD = line(T0, "10.0.0.5", "shop", "ghost-5d8f-a", 5432);

  /** Between addresses and a namespace without a profile. */
  private static final String OUT_OF_SCOPE = line(T0, "192.0.2.1", "elsewhere", "x-5d8f-a", 80);

  /** Each bad line, and the reason it must be refused with. */
  private static final Map<String, String> BAD =
      Map.of(
          "{\"time\":\"2026-11-01T10:00:00Z\",\"src\":{\"ip\":\"10.0.0.5\"}",
          RejectReason.TRUNCATED.name(),
          "not json at all",
          RejectReason.BAD_JSON.name(),
          line(T0, "10.0.0.5", "shop", "db-5d8f-a", 70000),
          RejectReason.PORT_OUT_OF_RANGE.name(),
          line(T0, "10.0.0.999", "shop", "db-5d8f-a", 5432),
          RejectReason.BAD_ADDRESS.name(),
          "{\"time\":\"yesterday\",\"src\":{\"ip\":\"10.0.0.5\"},\"dst\":{\"ip\":\"10.0.0.6\"},"
              + "\"port\":80}",
          RejectReason.BAD_TIME.name(),
          "{\"time\":\"2026-11-01T10:00:00Z\",\"src\":{\"ip\":\"10.0.0.5\"},\"port\":80}",
          RejectReason.MISSING_FIELD.name(),
          "{\"time\":\"2026-11-01T10:00:00Z\",\"src\":{\"ip\":\"10.0.0.5\"},"
              + "\"dst\":{\"ip\":\"10.0.0.6\"},\"port\":\"80\"}",
          RejectReason.WRONG_TYPE.name(),
          "{\"time\":\"2026-11-01T10:00:00Z\",\"src\":{\"ip\":\"10.0.0.5\"},"
              + "\"dst\":{\"ip\":\"10.0.0.6\"},\"port\":80,\"protocol\":\"ICMP\"}",
          SkipReason.UNSUPPORTED_PROTOCOL.name(),
          "{\"time\":\"2026-11-01T10:00:00Z\",\"src\":{\"ip\":\"10.0.0.5\"},"
              + "\"dst\":{\"ip\":\"10.0.0.6\"},\"port\":80,\"verdict\":\"MAYBE\"}",
          RejectReason.BAD_VALUE.name());

  private double counter(String name, String... tags) {
    Counter c = registry.find(name).tags(tags).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void eachBadLineIsRefusedWholeWithItsReasonAndTheGoodOnesAreLearned() {
    List<String> lines = new ArrayList<>();
    lines.add(GOOD);
    lines.addAll(BAD.keySet());
    lines.add(GOOD);

    BatchResult result = learning.httpSink().accept("system:serviceaccount:m:exporter", lines);

    Map<String, Long> expected = new java.util.TreeMap<>();
    BAD.values().forEach(reason -> expected.merge(reason, 1L, Long::sum));
    assertThat(result.accepted()).isEqualTo(2);
    assertThat(result.unresolvedByReason()).isEmpty();
    assertThat(result.rejectedByReason()).isEqualTo(expected);
    // Nothing of a refused line is learned: the only edge is the good one, seen twice.
    assertThat(learning.store().snapshot().learned())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.port()).isEqualTo(5432);
              assertThat(e.count()).isEqualTo(2);
            });
    assertThat(learning.store().snapshot().attempted()).isEmpty();

    assertThat(counter("netseg.flows.ingested", "source", HTTP)).isEqualTo(2);
    for (RejectReason r : RejectReason.values()) {
      long want = BAD.values().stream().filter(r.name()::equals).count();
      assertThat(counter("netseg.flows.rejected", "source", HTTP, "reason", r.name()))
          .as(r.name())
          .isEqualTo(want);
    }
    // A skipped (well-formed) line is not a malformed one.
    assertThat(
            counter(
                "netseg.flows.rejected",
                "source",
                HTTP,
                "reason",
                SkipReason.UNSUPPORTED_PROTOCOL.name()))
        .isZero();
    assertThat(learning.stats(HTTP).rejectedTotal()).isEqualTo(BAD.size() - 1);
    assertThat(learning.stats(HTTP).accepted()).isEqualTo(2);
  }

  @Test
  void linesThatParseButResolveToNoWorkloadAreUnresolvedNotAccepted() {
    BatchResult result =
        learning.httpSink().accept("c", List.of(GOOD, UNKNOWN_POD, OUT_OF_SCOPE, OUT_OF_SCOPE));
    assertThat(result.accepted()).isEqualTo(1);
    assertThat(result.unresolvedByReason())
        .isEqualTo(Map.of("OUT_OF_SCOPE", 2L, "UNKNOWN_POD", 1L));
    assertThat(result.rejectedByReason()).isEmpty();
    // The metric counts what parsed, as for every source; the unresolved have their own count.
    assertThat(counter("netseg.flows.ingested", "source", HTTP)).isEqualTo(4);
    assertThat(learning.stats(HTTP).unresolvedTotal()).isEqualTo(3);
  }

  @Test
  void recordsMoreThanFiveMinutesAheadOfTheClockAreRejectedNotLearnedForever() {
    // The operator's clock reads T0. Retention is measured from a record's time: a record dated
    // a year ahead would stay learned for a year after the connection was last seen.
    BatchResult result =
        learning
            .httpSink()
            .accept(
                "c",
                List.of(
                    line(T0.plus(Duration.ofMinutes(4)), "10.0.0.5", "shop", "db-5d8f-a", 5432),
                    line(T0.plus(Duration.ofMinutes(6)), "10.0.0.5", "shop", "db-5d8f-a", 5433),
                    line(T0.plus(Duration.ofDays(365)), "10.0.0.5", "shop", "db-5d8f-a", 5434)));
    assertThat(result.accepted()).isEqualTo(1);
    assertThat(result.rejectedByReason()).isEqualTo(Map.of("FUTURE_TIME", 2L));
    assertThat(learning.store().snapshot().learned())
        .singleElement()
        .satisfies(e -> assertThat(e.port()).isEqualTo(5432));
    assertThat(counter("netseg.flows.rejected", "source", HTTP, "reason", "FUTURE_TIME"))
        .isEqualTo(2);
    assertThat(counter("netseg.flows.ingested", "source", HTTP)).isEqualTo(1);
  }

  @Test
  void countsAcrossBatches() {
    learning.httpSink().accept("c", List.of(GOOD, "garbage"));
    learning.httpSink().accept("c", List.of(GOOD, "garbage", "garbage"));
    assertThat(counter("netseg.flows.ingested", "source", HTTP)).isEqualTo(2);
    assertThat(counter("netseg.flows.rejected", "source", HTTP, "reason", "BAD_JSON")).isEqualTo(3);
    assertThat(learning.stats(HTTP).count(RejectReason.BAD_JSON)).isEqualTo(3);
    assertThat(learning.stats(HTTP).rejected().get(RejectReason.BAD_JSON).firstExample())
        .isEqualTo("garbage");
  }

  @Test
  void throughTheEndpointAnAllowedCollectorIsLearnedAndARefusedOneRecordsNothing()
      throws Exception {
    Map<String, String> tokens = Map.of("good", "sa:allowed", "other", "sa:other");
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (HttpEndpoints server =
        new HttpEndpoints(
            "flow ingestion",
            new InetSocketAddress(loopback, 0),
            HttpEndpoints.Limits.FLOWS,
            Optional.empty(),
            Map.of(
                "/api/v1/flows",
                new FlowIngestHandler(
                    new CollectorAuthenticator(
                        token -> Optional.ofNullable(tokens.get(token)), Clock.systemUTC()),
                    Set.of("sa:allowed"),
                    4096,
                    learning.httpSink())))) {
      server.start();
      URI uri =
          URI.create("http://" + loopback.getHostAddress() + ":" + server.port() + "/api/v1/flows");
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> refused =
          http.send(
              HttpRequest.newBuilder(uri)
                  .header("Authorization", "Bearer other")
                  .POST(HttpRequest.BodyPublishers.ofString(GOOD))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(learning.store().size()).isZero();
      assertThat(learning.stats(HTTP).total()).isZero();

      HttpResponse<String> ok =
          http.send(
              HttpRequest.newBuilder(uri)
                  .header("Authorization", "Bearer good")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          String.join("\n", GOOD, "nope", UNKNOWN_POD, OUT_OF_SCOPE, OUT_OF_SCOPE)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(ok.statusCode()).isEqualTo(200);
      // Parsed but not tied to workloads is not accepted: the collector sees each line's fate.
      assertThat(ok.body())
          .isEqualTo(
              "{\"accepted\":1,\"unresolved\":{\"OUT_OF_SCOPE\":2,\"UNKNOWN_POD\":1},"
                  + "\"rejected\":{\"BAD_JSON\":1}}");
      assertThat(learning.store().snapshot().learned()).hasSize(1);
    }
  }
}
