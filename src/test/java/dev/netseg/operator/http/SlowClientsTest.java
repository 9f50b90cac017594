package dev.netseg.operator.http;

import static dev.netseg.operator.http.LoopbackClients.exchange;
import static dev.netseg.operator.http.LoopbackClients.get;
import static dev.netseg.operator.http.LoopbackClients.post;
import static dev.netseg.operator.http.TestEndpoints.FLOWS;
import static dev.netseg.operator.http.TestEndpoints.GOOD;
import static dev.netseg.operator.http.TestEndpoints.LINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that hold connections open without finishing their requests must not keep the kubelet's
 * probes or a legitimate collector from being served, on either port.
 */
class SlowClientsTest {
  /** More slow clients than either server has threads. */
  private static final int SLOW_CLIENTS = 40;

  /** Short deadlines, so that the test sees slow clients cut off. */
  private static final Duration HEADERS = Duration.ofSeconds(6);

  private static final Duration REQUEST = Duration.ofSeconds(8);

  /**
   * How long a probe or a collector may wait while the server is under attack: well under the
   * header deadline, so that an answer within it shows that no slow client held a worker (a server
   * whose workers they held would answer only once the deadline freed them), and long enough for a
   * loopback request on a loaded 2-core machine (1 s failed there at random).
   */
  private static final Duration LIVE = Duration.ofSeconds(4);

  /** Generous: the deadline, then the time for a loaded machine to act on it. */
  private static final Duration CUT_OFF = REQUEST.plusSeconds(10);

  private TestEndpoints endpoints;
  private LoopbackClients clients;
  private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
  private final ExecutorService readers = Executors.newCachedThreadPool();

  @BeforeEach
  void start() throws IOException {
    assertThat(SLOW_CLIENTS)
        .isGreaterThan(HttpEndpoints.Limits.PROBES.maxThreads())
        .isGreaterThan(HttpEndpoints.Limits.FLOWS.maxThreads());
    endpoints =
        new TestEndpoints(
            HttpEndpoints.Limits.PROBES.withDeadlines(HEADERS, REQUEST),
            HttpEndpoints.Limits.FLOWS.withDeadlines(HEADERS, REQUEST));
    clients = new LoopbackClients();
    // Warm both servers up, so that the bound below measures the attack, not the first request.
    assertThat(exchange(endpoints.probePort(), get("/healthz"), Duration.ofSeconds(30)).status())
        .isEqualTo(200);
    assertThat(
            exchange(endpoints.flowPort(), post(FLOWS, GOOD, LINE), Duration.ofSeconds(30))
                .status())
        .isEqualTo(200);
  }

  @AfterEach
  void stop() {
    trickle.shutdownNow();
    readers.shutdownNow();
    clients.close();
    endpoints.close();
  }

  private void probesAndCollectorsAreServed() throws IOException {
    LoopbackClients.Reply health = exchange(endpoints.probePort(), get("/healthz"), LIVE);
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("ok\n");
    assertThat(exchange(endpoints.probePort(), get("/metrics"), LIVE).status()).isEqualTo(200);
    LoopbackClients.Reply posted = exchange(endpoints.flowPort(), post(FLOWS, GOOD, LINE), LIVE);
    assertThat(posted.status()).isEqualTo(200);
    assertThat(posted.body()).contains("\"accepted\":1");
  }

  @Test
  void halfSentRequestLinesAndHeadersHoldNoWorkerAndAreCutOff() throws IOException {
    List<Socket> slow = new ArrayList<>();
    for (int i = 0; i < SLOW_CLIENTS; i++) {
      slow.add(clients.send(endpoints.probePort(), "GET /heal"));
      slow.add(clients.send(endpoints.probePort(), "GET /healthz HTTP/1.1\r\nHost: loc"));
      slow.add(clients.send(endpoints.flowPort(), "POST /api/v1/fl"));
      slow.add(
          clients.send(
              endpoints.flowPort(),
              "POST /api/v1/flows HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + GOOD));
    }
    List<Future<?>> ended = new ArrayList<>();
    slow.forEach(s -> ended.add(readers.submit(() -> readToEnd(s))));

    probesAndCollectorsAreServed();

    await().atMost(CUT_OFF).until(() -> ended.stream().allMatch(Future::isDone));
    assertThat(endpoints.posted).hasSize(2); // the warm-up and the one above, nothing else
  }

  @Test
  void headersTrickledOneByteASecondAreCutOff() throws IOException {
    List<Socket> slow = new CopyOnWriteArrayList<>();
    for (int i = 0; i < SLOW_CLIENTS; i++) {
      slow.add(clients.send(endpoints.probePort(), "GET /healthz HTTP/1.1\r\nX-Slow: "));
      slow.add(clients.send(endpoints.flowPort(), "POST /api/v1/flows HTTP/1.1\r\nX-Slow: "));
    }
    // One byte a second: sooner than any idle time-out, so only the header deadline ends them.
    trickle.scheduleAtFixedRate(
        () -> slow.forEach(SlowClientsTest::oneMoreByte), 1, 1, TimeUnit.SECONDS);
    List<Future<?>> ended = new ArrayList<>();
    slow.forEach(s -> ended.add(readers.submit(() -> readToEnd(s))));

    probesAndCollectorsAreServed();

    await().atMost(CUT_OFF).until(() -> ended.stream().allMatch(Future::isDone));
  }

  @Test
  void trickledBodiesHoldNoWorkerAndAreCutOff() throws Exception {
    List<Socket> toFlows = new CopyOnWriteArrayList<>();
    List<Socket> toProbes = new CopyOnWriteArrayList<>();
    for (int i = 0; i < SLOW_CLIENTS; i++) {
      toFlows.add(clients.send(endpoints.flowPort(), slowPost(FLOWS, GOOD)));
      toProbes.add(clients.send(endpoints.probePort(), slowPost("/healthz", null)));
    }
    trickle.scheduleAtFixedRate(
        () -> {
          toFlows.forEach(SlowClientsTest::oneMoreByte);
          toProbes.forEach(SlowClientsTest::oneMoreByte);
        },
        1,
        1,
        TimeUnit.SECONDS);
    List<Future<String>> flowAnswers = new ArrayList<>();
    toFlows.forEach(s -> flowAnswers.add(readers.submit(() -> readToEnd(s))));
    List<Future<String>> probeAnswers = new ArrayList<>();
    toProbes.forEach(s -> probeAnswers.add(readers.submit(() -> readToEnd(s))));

    probesAndCollectorsAreServed();

    // The server ends every slow request: the collector's with 408 when its request time is up,
    // the one to /healthz (whose body nobody reads) once answered.
    await()
        .atMost(CUT_OFF)
        .until(
            () ->
                flowAnswers.stream().allMatch(Future::isDone)
                    && probeAnswers.stream().allMatch(Future::isDone));
    for (Future<String> answer : flowAnswers) {
      assertThat(answer.get()).startsWith("HTTP/1.1 408 ").contains("did not arrive in time");
    }
    for (Future<String> answer : probeAnswers) {
      assertThat(answer.get()).startsWith("HTTP/1.1 200 ");
    }
    assertThat(endpoints.posted).hasSize(2); // the warm-up and the one above, nothing else
  }

  @Test
  void manyIdleConnectionsLeaveProbesAndCollectorsServed() throws IOException {
    for (int i = 0; i < 200; i++) {
      clients.connect(endpoints.probePort());
      clients.connect(endpoints.flowPort());
    }
    probesAndCollectorsAreServed();
  }

  /**
   * A burst of connections the server does not take at once (it reached its connection limit, or
   * its acceptor lags in a busy process) waits in the kernel's accept queue: with Java's default
   * backlog of 50 the kernel drops the next connections' SYNs, and a kubelet probe then waits for a
   * SYN retransmit (1 s, the probe's whole default timeout). The queue holds the port's connection
   * limit, so that the probe is served once the server takes it.
   */
  @Test
  void aBurstBeyondTheConnectionLimitWaitsInTheAcceptQueueAndIsServed() throws IOException {
    endpoints.close();
    int limit = 100;
    endpoints =
        new TestEndpoints(
            new HttpEndpoints.Limits(12, limit, Duration.ofSeconds(30), HEADERS, REQUEST),
            HttpEndpoints.Limits.FLOWS.withDeadlines(HEADERS, REQUEST));
    for (int i = 0; i < limit; i++) {
      clients.connect(endpoints.probePort());
    }
    // Until the server has taken them, the first connections wait in the queue too: a loaded
    // machine's acceptor can lag behind a burst of 160 by more than the queue holds (seen in CI).
    // The claim here is about connections beyond the limit, so let the server reach it first.
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(5))
        .until(() -> endpoints.probes.openConnections() == limit);
    // The server takes no more now; 60 more connections (more than Java's default backlog of 50)
    // must still be queued by the kernel, each at once.
    for (int i = 0; i < 60; i++) {
      long started = System.nanoTime();
      clients.connect(endpoints.probePort(), Duration.ofMillis(500));
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .as("connection %d beyond the limit", i + 1)
          .isLessThan(Duration.ofMillis(500));
    }
    // Idle connections are closed sooner while the limit is reached (2 s); then the queued ones
    // and the probe are taken.
    assertThat(exchange(endpoints.probePort(), get("/healthz"), Duration.ofSeconds(10)).status())
        .isEqualTo(200);
  }

  /** Headers of a request that announces a megabyte and sends one byte of it. */
  private static String slowPost(String path, String token) {
    return "POST "
        + path
        + " HTTP/1.1\r\nHost: localhost\r\n"
        + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
        + "Content-Length: 1000000\r\n\r\n{";
  }

  private static void oneMoreByte(Socket socket) {
    try {
      socket.getOutputStream().write('x');
      socket.getOutputStream().flush();
    } catch (IOException e) {
      // the server closed it: what the test waits for
    }
  }

  /** What the server sends until it closes the connection (or resets it). */
  private static String readToEnd(Socket socket) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      InputStream in = socket.getInputStream();
      byte[] buf = new byte[1024];
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
      }
    } catch (IOException e) {
      // reset by the server, or closed by the test
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
