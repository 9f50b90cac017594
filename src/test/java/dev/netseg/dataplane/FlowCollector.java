package dev.netseg.dataplane;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A flow collector as a cluster runs one (Hubble's exporter, a node agent): it reports the
 * connections it sees on the wire to the operator's flow endpoint every period, as netseg JSON
 * lines, with its ServiceAccount's token, to whichever replica leads (the others answer 503, and
 * the next report goes again). A connection is reported for as long as it is {@link #seen}.
 */
final class FlowCollector implements AutoCloseable {
  /** A connection on the wire: TCP from one pod to another's port. */
  record Seen(Peer from, Peer to, int port) {
    String line(Instant time) {
      String[] src = from.name().split("/");
      String[] dst = to.name().split("/");
      return ("{\"time\":\"%s\",\"src\":{\"namespace\":\"%s\",\"pod\":\"%s\"},"
              + "\"dst\":{\"namespace\":\"%s\",\"pod\":\"%s\"},\"port\":%d,\"protocol\":\"TCP\"}\n")
          .formatted(time, src[0], src[1], dst[0], dst[1], port);
    }
  }

  private final Supplier<Integer> leaderPort;
  private final String token;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Map<Seen, Instant> seen = new ConcurrentHashMap<>();
  private final AtomicReference<String> lastAnswer = new AtomicReference<>("");
  private final Map<Seen, Instant> lastReported = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "flow-collector");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param leaderPort the flow port of the replica that leads now (or -1 when none does)
   */
  FlowCollector(Supplier<Integer> leaderPort, String token, Duration period) {
    this.leaderPort = leaderPort;
    this.token = token;
    timer.scheduleWithFixedDelay(this::report, 0, period.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** From now on the connection is seen on the wire, and reported. */
  void seen(Seen connection) {
    seen.put(connection, Instant.now());
    report();
  }

  /** The connection is no longer seen: nothing more is reported of it. */
  void gone(Seen connection) {
    seen.remove(connection);
  }

  /** When the connection was last reported to a replica that took it. */
  Optional<Instant> lastReported(Seen connection) {
    return Optional.ofNullable(lastReported.get(connection));
  }

  /** The last answer of the flow endpoint, as {@code <status> <body>}. */
  String lastAnswer() {
    return lastAnswer.get();
  }

  private synchronized void report() {
    if (seen.isEmpty()) {
      return;
    }
    int port = leaderPort.get();
    if (port < 0) {
      return;
    }
    Instant now = Instant.now();
    StringBuilder body = new StringBuilder();
    seen.keySet().forEach(s -> body.append(s.line(now)));
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/flows"))
                  .header("Authorization", "Bearer " + token)
                  .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      lastAnswer.set(r.statusCode() + " " + r.body());
      if (r.statusCode() == 200) {
        seen.keySet().forEach(s -> lastReported.put(s, now));
      }
    } catch (IOException e) {
      lastAnswer.set("failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
