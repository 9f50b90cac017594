package dev.netseg.operator.http;

import static dev.netseg.operator.http.LoopbackClients.exchange;
import static dev.netseg.operator.http.LoopbackClients.get;
import static dev.netseg.operator.http.LoopbackClients.post;
import static dev.netseg.operator.http.TestEndpoints.FLOWS;
import static dev.netseg.operator.http.TestEndpoints.GOOD;
import static dev.netseg.operator.http.TestEndpoints.LINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
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
  /** More slow clients than either server has workers. */
  private static final int SLOW_CLIENTS = 40;

  /** How long a probe or a collector may wait while the server is under attack. */
  private static final Duration LIVE = Duration.ofSeconds(1);

  private static final Duration CUT_OFF = Duration.ofSeconds(60);

  private TestEndpoints endpoints;
  private LoopbackClients clients;
  private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
  private final ExecutorService readers = Executors.newCachedThreadPool();

  @BeforeEach
  void start() throws IOException {
    endpoints = new TestEndpoints();
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
  void halfSentRequestLinesAndHeadersHoldNoWorker() throws IOException {
    for (int i = 0; i < SLOW_CLIENTS; i++) {
      clients.send(endpoints.probePort(), "GET /heal");
      clients.send(endpoints.probePort(), "GET /healthz HTTP/1.1\r\nHost: loc");
      clients.send(endpoints.flowPort(), "POST /api/v1/fl");
      clients.send(
          endpoints.flowPort(),
          "POST /api/v1/flows HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + GOOD);
    }
    probesAndCollectorsAreServed();
  }

  @Test
  void trickledBodiesHoldNoWorkerAndAreCutOff() throws IOException {
    List<Socket> slow = new CopyOnWriteArrayList<>();
    for (int i = 0; i < SLOW_CLIENTS; i++) {
      slow.add(clients.send(endpoints.flowPort(), slowPost(FLOWS, GOOD)));
      slow.add(clients.send(endpoints.probePort(), slowPost("/healthz", null)));
    }
    trickle.scheduleAtFixedRate(
        () -> slow.forEach(SlowClientsTest::oneMoreByte), 1, 1, TimeUnit.SECONDS);
    List<Future<?>> ended = new ArrayList<>();
    slow.forEach(s -> ended.add(readers.submit(() -> readToEnd(s))));

    probesAndCollectorsAreServed();

    // The server ends every slow request: the collector's when its request time is up, the one
    // to /healthz (whose body nobody reads) once answered.
    await().atMost(CUT_OFF).until(() -> ended.stream().allMatch(Future::isDone));
  }

  @Test
  void manyIdleConnectionsLeaveProbesAndCollectorsServed() throws IOException {
    for (int i = 0; i < 200; i++) {
      clients.connect(endpoints.probePort());
      clients.connect(endpoints.flowPort());
    }
    probesAndCollectorsAreServed();
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

  /** Reads what the server sends until it closes the connection. */
  private static void readToEnd(Socket socket) {
    try {
      InputStream in = socket.getInputStream();
      byte[] buf = new byte[1024];
      while (in.read(buf) >= 0) {
        // discard
      }
    } catch (IOException e) {
      // reset by the server, or closed by the test
    }
  }
}
