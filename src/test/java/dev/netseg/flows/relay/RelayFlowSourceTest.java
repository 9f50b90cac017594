package dev.netseg.flows.relay;

import static dev.netseg.flows.relay.TestFlows.at;
import static dev.netseg.flows.relay.TestFlows.flow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.netseg.flows.HubbleFlow;
import dev.netseg.flows.relay.RelayState.Phase;
import dev.netseg.flows.relay.proto.FlowFilter;
import dev.netseg.flows.relay.proto.GetFlowsRequest;
import dev.netseg.flows.relay.proto.GetFlowsResponse;
import dev.netseg.flows.relay.proto.LostEvent;
import dev.netseg.testing.TestClock;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RelayFlowSourceTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final String serverName = "relay-" + UUID.randomUUID();
  private final List<Server> servers = new ArrayList<>();
  private final List<HubbleFlow> received = new CopyOnWriteArrayList<>();
  private final List<RelayState> states = new CopyOnWriteArrayList<>();
  private final TestClock clock = new TestClock(Instant.parse("2025-03-01T12:00:00Z"));
  private RelayFlowSource source;

  @AfterEach
  void tearDown() {
    if (source != null) {
      source.close();
    }
    servers.forEach(Server::shutdownNow);
  }

  private FakeHubble startServer() throws IOException {
    FakeHubble hubble = new FakeHubble();
    servers.add(
        InProcessServerBuilder.forName(serverName)
            .directExecutor()
            .addService(hubble)
            .build()
            .start());
    return hubble;
  }

  private ManagedChannel channel() {
    return InProcessChannelBuilder.forName(serverName).directExecutor().build();
  }

  private static RelayConfig config(Duration initial, Duration max, double jitter) {
    return RelayConfig.of("in-process", List.of("shop", "payments"))
        .withBackoff(initial, max, jitter);
  }

  private RelayFlowSource source(RelayConfig config, Sleeper sleeper, Consumer<HubbleFlow> sink) {
    return new RelayFlowSource(
        config, this::channel, sink, states::add, clock, sleeper, new Random(42));
  }

  private List<String> receivedPods() {
    return received.stream().map(f -> f.source().podName()).toList();
  }

  private List<Phase> phases() {
    return states.stream().map(RelayState::phase).toList();
  }

  private void awaitPhase(Phase phase) {
    await().atMost(WAIT).until(() -> source.state().phase() == phase);
  }

  @Test
  void resumesAfterDroppedStreamDeliveringEveryFlowExactlyOnceInOrder() throws Exception {
    FakeHubble hubble = startServer();
    GatedSleeper sleeper = new GatedSleeper(true);
    source =
        source(config(Duration.ofMillis(100), Duration.ofSeconds(1), 0), sleeper, received::add);
    source.start();
    awaitPhase(Phase.CONNECTED);

    hubble.publish(flow(at(1), "web-1", ""));
    hubble.publish(flow(at(2), "web-2", "uuid-2"));
    // Two flows at the resume point: one with a uuid, one without.
    hubble.publish(flow(at(3), "web-3a", "uuid-3a"));
    hubble.publish(flow(at(3), "web-3b", ""));
    await().atMost(WAIT).until(() -> received.size() == 4);

    clock.advance(Duration.ofSeconds(30));
    Instant droppedAt = clock.instant();
    hubble.dropStreams(Status.UNAVAILABLE.withDescription("relay restarting"));
    awaitPhase(Phase.DISCONNECTED);
    assertThat(source.state().since()).isEqualTo(droppedAt);
    assertThat(source.state().reason()).hasValue("UNAVAILABLE: relay restarting");

    // Seen by Relay while netseg was away; one shares the resume point's timestamp.
    hubble.publish(flow(at(3), "web-3c", ""));
    hubble.publish(flow(at(4), "web-4", ""));
    hubble.publish(flow(at(5), "web-5", "uuid-5"));
    sleeper.release();
    await().atMost(WAIT).until(() -> received.size() == 7);
    hubble.publish(flow(at(6), "web-6", ""));
    await().atMost(WAIT).until(() -> received.size() == 8);

    assertThat(receivedPods())
        .containsExactly("web-1", "web-2", "web-3a", "web-3b", "web-3c", "web-4", "web-5", "web-6");
    assertThat(received).allSatisfy(f -> assertThat(f.nodeName()).isEqualTo("node-a"));

    assertThat(hubble.requests).hasSize(2);
    GetFlowsRequest first = hubble.requests.get(0);
    GetFlowsRequest resumed = hubble.requests.get(1);
    assertThat(first.getFollow()).isTrue();
    assertThat(first.hasSince()).isFalse();
    assertThat(resumed.getFollow()).isTrue();
    assertThat(resumed.getSince()).isEqualTo(TestFlows.ts(at(3)));
    for (GetFlowsRequest request : hubble.requests) {
      assertThat(request.getNumber()).isZero();
      assertThat(request.getFirst()).isFalse();
      assertThat(request.getBlacklistList()).isEmpty();
      assertThat(request.getWhitelistList())
          .containsExactlyInAnyOrder(
              FlowFilter.newBuilder().addSourcePod("shop/").addSourcePod("payments/").build(),
              FlowFilter.newBuilder()
                  .addDestinationPod("shop/")
                  .addDestinationPod("payments/")
                  .build());
    }

    assertThat(phases())
        .containsExactly(
            Phase.CONNECTING,
            Phase.CONNECTED,
            Phase.DISCONNECTED,
            Phase.CONNECTING,
            Phase.CONNECTED);
    RelayStats stats = source.stats();
    assertThat(stats.flowsReceived()).isEqualTo(8);
    assertThat(stats.duplicatesSkipped()).isEqualTo(2);
    assertThat(stats.reconnects()).isEqualTo(1);
    assertThat(stats.lastSeen()).hasValue(at(6));
    assertThat(sleeper.delays).containsExactly(Duration.ofMillis(100));

    source.close();
    assertThat(source.state().phase()).isEqualTo(Phase.STOPPED);
    assertThat(phases()).last().isEqualTo(Phase.STOPPED);
  }

  @Test
  void reconnectsToRestartedServerWithGrowingCappedBackoff() throws Exception {
    FakeHubble before = startServer();
    GatedSleeper sleeper = new GatedSleeper(true);
    source =
        source(config(Duration.ofMillis(100), Duration.ofMillis(400), 0), sleeper, received::add);
    source.start();
    awaitPhase(Phase.CONNECTED);
    before.publish(flow(at(1), "web-1", ""));
    await().atMost(WAIT).until(() -> received.size() == 1);

    servers.remove(0).shutdownNow();
    // Each release lets one reconnect attempt run; with no server under the name it fails.
    for (int failures = 1; failures <= 4; failures++) {
      int expected = failures;
      await().atMost(WAIT).until(() -> sleeper.delays.size() == expected);
      assertThat(source.state().phase()).isEqualTo(Phase.DISCONNECTED);
      if (failures < 4) {
        sleeper.release();
      }
    }
    assertThat(sleeper.delays)
        .containsExactly(
            Duration.ofMillis(100),
            Duration.ofMillis(200),
            Duration.ofMillis(400),
            Duration.ofMillis(400));

    // The restarted Relay still holds the last seen flow and one it saw during the outage.
    FakeHubble after = startServer();
    after.publish(flow(at(1), "web-1", ""));
    after.publish(flow(at(2), "web-2", ""));
    sleeper.release();
    await().atMost(WAIT).until(() -> received.size() == 2);
    assertThat(receivedPods()).containsExactly("web-1", "web-2");
    assertThat(after.requests)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getSince()).isEqualTo(TestFlows.ts(at(1)));
              assertThat(r.getFollow()).isTrue();
            });
    assertThat(phases())
        .containsExactly(
            Phase.CONNECTING,
            Phase.CONNECTED,
            Phase.DISCONNECTED,
            Phase.CONNECTING,
            Phase.DISCONNECTED,
            Phase.CONNECTING,
            Phase.DISCONNECTED,
            Phase.CONNECTING,
            Phase.DISCONNECTED,
            Phase.CONNECTING,
            Phase.CONNECTED);
    assertThat(source.stats().reconnects()).isEqualTo(4);

    // A connection that came up resets the backoff.
    after.dropStreams(Status.UNAVAILABLE);
    await().atMost(WAIT).until(() -> sleeper.delays.size() == 5);
    assertThat(sleeper.delays.get(4)).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void jitteredDelaysStayBetweenShortenedAndFullBaseAndNeverExceedCap() throws Exception {
    FakeHubble hubble = startServer();
    hubble.rejectNext(8);
    GatedSleeper sleeper = new GatedSleeper(false);
    Duration initial = Duration.ofMillis(10);
    Duration max = Duration.ofMillis(80);
    double jitter = 0.5;
    source = source(config(initial, max, jitter), sleeper, received::add);
    source.start();
    awaitPhase(Phase.CONNECTED);

    assertThat(sleeper.delays).hasSize(8);
    long[] bases = {10, 20, 40, 80, 80, 80, 80, 80};
    for (int i = 0; i < bases.length; i++) {
      long base = Duration.ofMillis(bases[i]).toNanos();
      assertThat(sleeper.delays.get(i).toNanos())
          .as("delay after failure %d", i + 1)
          .isBetween((long) (base * (1 - jitter)), base);
    }
    assertThat(sleeper.delays).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(max));
    // Jitter actually varies the delays at the cap.
    assertThat(sleeper.delays.subList(3, 8).stream().distinct().count()).isGreaterThan(1);
    assertThat(states)
        .filteredOn(s -> s.phase() == Phase.DISCONNECTED)
        .hasSize(8)
        .allSatisfy(s -> assertThat(s.reason()).hasValue("UNAVAILABLE: relay not ready"));
    assertThat(source.stats().reconnects()).isEqualTo(8);
  }

  @Test
  void closeStopsPromptlyDuringRealBackoffSleep() throws Exception {
    FakeHubble hubble = startServer();
    hubble.rejectNext(1);
    source =
        new RelayFlowSource(
            config(Duration.ofMinutes(30), Duration.ofMinutes(30), 0),
            this::channel,
            received::add,
            states::add,
            clock,
            Sleeper.system(),
            new Random(1));
    source.start();
    awaitPhase(Phase.DISCONNECTED);

    long start = System.nanoTime();
    source.close();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(source.state().phase()).isEqualTo(Phase.STOPPED);
    assertThat(hubble.requests).hasSize(1);
  }

  @Test
  void closeWhileConnectedCancelsStreamAndEndsStopped() throws Exception {
    FakeHubble hubble = startServer();
    AtomicReference<Thread> consumerThread = new AtomicReference<>();
    source =
        source(
            config(Duration.ofMillis(1), Duration.ofMillis(1), 0),
            new GatedSleeper(false),
            f -> {
              consumerThread.set(Thread.currentThread());
              received.add(f);
            });
    source.start();
    awaitPhase(Phase.CONNECTED);
    hubble.publish(flow(at(1), "web-1", ""));
    await().atMost(WAIT).until(() -> received.size() == 1);

    source.close();
    assertThat(source.state().phase()).isEqualTo(Phase.STOPPED);
    assertThat(consumerThread.get().isAlive()).isFalse();
    assertThat(consumerThread.get().isDaemon()).isTrue();
    assertThat(consumerThread.get().getName()).isEqualTo("netseg-relay-in-process");
    assertThat(phases()).containsExactly(Phase.CONNECTING, Phase.CONNECTED, Phase.STOPPED);

    hubble.publish(flow(at(2), "web-2", ""));
    assertThat(received).hasSize(1);
    source.close(); // idempotent
    assertThat(phases()).hasSize(3);
    assertThatThrownBy(source::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closeBeforeStartStopsWithoutThread() {
    source = source(config(Duration.ofMillis(1), Duration.ofMillis(1), 0), d -> {}, received::add);
    assertThat(source.state().phase()).isEqualTo(Phase.NEW);
    source.close();
    assertThat(source.state().phase()).isEqualTo(Phase.STOPPED);
    assertThatThrownBy(source::start).hasMessageContaining("closed");
  }

  @Test
  void startTwiceIsRejected() throws Exception {
    startServer();
    source = source(config(Duration.ofMillis(1), Duration.ofMillis(1), 0), d -> {}, received::add);
    source.start();
    assertThatThrownBy(source::start).hasMessageContaining("already started");
  }

  @Test
  void failingConsumerIsCountedAndStreamGoesOn() throws Exception {
    FakeHubble hubble = startServer();
    source =
        source(
            config(Duration.ofMillis(1), Duration.ofMillis(1), 0),
            new GatedSleeper(false),
            f -> {
              if (f.source().podName().equals("bad")) {
                throw new IllegalStateException("downstream broke");
              }
              received.add(f);
            });
    source.start();
    awaitPhase(Phase.CONNECTED);
    hubble.publish(flow(at(1), "bad", ""));
    hubble.publish(flow(at(2), "good", ""));
    await().atMost(WAIT).until(() -> received.size() == 1);

    assertThat(receivedPods()).containsExactly("good");
    assertThat(source.stats().consumerFailures()).isEqualTo(1);
    assertThat(source.stats().flowsReceived()).isEqualTo(2);
    assertThat(source.state().phase()).isEqualTo(Phase.CONNECTED);
    assertThat(hubble.requests).hasSize(1);
  }

  @Test
  void countsLostEventsAndSkipsMessagesOutsideTheSchema() throws Exception {
    FakeHubble hubble = startServer();
    source =
        source(
            config(Duration.ofMillis(1), Duration.ofMillis(1), 0),
            new GatedSleeper(false),
            received::add);
    source.start();
    awaitPhase(Phase.CONNECTED);
    hubble.publish(
        GetFlowsResponse.newBuilder()
            .setLostEvents(LostEvent.newBuilder().setNumEventsLost(17))
            .build());
    hubble.publish(FakeHubble.nodeStatus());
    hubble.publish(flow(at(1), "web-1", ""));
    await().atMost(WAIT).until(() -> received.size() == 1);

    assertThat(source.stats().eventsLost()).isEqualTo(17);
    assertThat(source.stats().flowsReceived()).isEqualTo(1);
  }

  @Test
  void firstRequestStartsFromConfiguredTime() throws Exception {
    FakeHubble hubble = startServer();
    hubble.publish(flow(at(1), "old", ""));
    hubble.publish(flow(at(5), "recent", ""));
    source =
        source(
            config(Duration.ofMillis(1), Duration.ofMillis(1), 0).withStartFrom(at(3)),
            new GatedSleeper(false),
            received::add);
    assertThat(source.stats().lastSeen()).hasValue(at(3));
    source.start();
    await().atMost(WAIT).until(() -> received.size() == 1);

    assertThat(receivedPods()).containsExactly("recent");
    assertThat(hubble.requests.get(0).getSince()).isEqualTo(TestFlows.ts(at(3)));
  }

  @Test
  void channelThatCannotBeOpenedIsReportedAndRetried() {
    GatedSleeper sleeper = new GatedSleeper(false);
    List<Integer> opens = new CopyOnWriteArrayList<>();
    source =
        new RelayFlowSource(
            config(Duration.ofMillis(1), Duration.ofMillis(1), 0),
            () -> {
              opens.add(opens.size());
              throw new IllegalStateException("ca.crt vanished");
            },
            received::add,
            states::add,
            clock,
            sleeper,
            new Random(1));
    source.start();
    await().atMost(WAIT).until(() -> opens.size() >= 3);

    assertThat(states)
        .filteredOn(s -> s.phase() == Phase.DISCONNECTED)
        .first()
        .satisfies(
            s ->
                assertThat(s.reason())
                    .hasValue("cannot open a channel to in-process: ca.crt vanished"));
  }
}
