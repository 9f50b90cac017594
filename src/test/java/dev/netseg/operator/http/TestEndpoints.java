package dev.netseg.operator.http;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The operator's two ports as {@code OperatorRuntime} and {@code FlowSources} wire them, started on
 * loopback with port 0: probes and metrics on one, the flow endpoint on the other. Token {@value
 * #GOOD} belongs to the allowed collector; every other token is refused, and every question to the
 * authenticator is counted, as a TokenReview would be.
 */
final class TestEndpoints implements AutoCloseable {
  static final String GOOD = "good-token";
  static final String COLLECTOR = "system:serviceaccount:monitoring:collector";
  static final String FLOWS = "/api/v1/flows";
  static final String LINE =
      "{\"time\":\"2026-11-01T10:00:00Z\",\"src\":{\"namespace\":\"shop\",\"pod\":\"a\"},"
          + "\"dst\":{\"ip\":\"10.0.0.1\"},\"port\":443}";

  /** A clock that stands still: cached answers do not expire and rate allowances do not refill. */
  static final Clock STILL = Clock.fixed(Instant.parse("2026-11-01T10:00:00Z"), ZoneOffset.UTC);

  final AtomicInteger reviews = new AtomicInteger();
  final List<List<String>> posted = new CopyOnWriteArrayList<>();
  final HttpEndpoints probes;
  final HttpEndpoints flows;

  TestEndpoints() {
    this(HttpEndpoints.Limits.PROBES, HttpEndpoints.Limits.FLOWS);
  }

  TestEndpoints(HttpEndpoints.Limits probeLimits, HttpEndpoints.Limits flowLimits) {
    TokenAuthenticator authenticator =
        token -> {
          reviews.incrementAndGet();
          return GOOD.equals(token) ? Optional.of(COLLECTOR) : Optional.empty();
        };
    FlowBatchSink sink =
        (collector, lines) -> {
          posted.add(lines);
          return new FlowBatchSink.BatchResult(lines.size(), Map.of(), Map.of());
        };
    probes =
        new HttpEndpoints(
            "probes and metrics",
            new InetSocketAddress(LoopbackClients.LOOPBACK, 0),
            probeLimits,
            Optional.empty(),
            Map.of(
                "/healthz", new ProbeHandler(Optional::empty),
                "/readyz", new ProbeHandler(Optional::empty),
                "/metrics", new TextHandler("text/plain; version=0.0.4", () -> "up 1\n")));
    flows =
        new HttpEndpoints(
            "flow ingestion",
            new InetSocketAddress(LoopbackClients.LOOPBACK, 0),
            flowLimits,
            Optional.empty(),
            Map.of(
                FLOWS,
                new LeaderOnlyHandler(
                    () -> true,
                    new FlowIngestHandler(
                        new CollectorAuthenticator(authenticator, STILL),
                        Set.of(COLLECTOR),
                        1 << 20,
                        sink))));
    probes.start();
    flows.start();
  }

  int probePort() {
    return probes.port();
  }

  int flowPort() {
    return flows.port();
  }

  @Override
  public void close() {
    probes.close();
    flows.close();
  }
}
