package dev.netseg.operator.learn;

import static dev.netseg.operator.learn.TestPods.deploymentPod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Timestamp;
import dev.netseg.flows.HubbleFlow;
import dev.netseg.flows.HubbleJsonParser;
import dev.netseg.flows.Outcome;
import dev.netseg.flows.RejectReason;
import dev.netseg.flows.SkipReason;
import dev.netseg.flows.relay.RelayConfig;
import dev.netseg.flows.relay.RelayFlowSource;
import dev.netseg.flows.relay.RelayState;
import dev.netseg.flows.relay.Sleeper;
import dev.netseg.flows.relay.proto.Endpoint;
import dev.netseg.flows.relay.proto.Flow;
import dev.netseg.flows.relay.proto.GetFlowsRequest;
import dev.netseg.flows.relay.proto.GetFlowsResponse;
import dev.netseg.flows.relay.proto.IP;
import dev.netseg.flows.relay.proto.Layer4;
import dev.netseg.flows.relay.proto.ObserverGrpc;
import dev.netseg.flows.relay.proto.TCP;
import dev.netseg.flows.relay.proto.TCPFlags;
import dev.netseg.flows.relay.proto.Verdict;
import dev.netseg.operator.OperatorMetrics;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RelayFlowConsumerTest {
  private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
  private static final String RELAY = FlowSourceNames.HUBBLE_RELAY;
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final FlowLearning learning =
      new FlowLearning(
          Set.of(RELAY),
          ns -> ns.equals("shop"),
          new OperatorMetrics(registry),
          Clock.fixed(T0, ZoneOffset.UTC));
  private Server server;
  private RelayFlowSource source;

  @AfterEach
  void tearDown() {
    if (source != null) {
      source.close();
    }
    if (server != null) {
      server.shutdownNow();
    }
  }

  /** Streams what the test publishes to every open call; can end them all with an error. */
  private static final class Relay extends ObserverGrpc.ObserverImplBase {
    final List<StreamObserver<GetFlowsResponse>> open = new CopyOnWriteArrayList<>();

    @Override
    public void getFlows(GetFlowsRequest request, StreamObserver<GetFlowsResponse> out) {
      out.onNext(GetFlowsResponse.newBuilder().setNodeName("node-a").build());
      open.add(out);
    }

    void publish(GetFlowsResponse r) {
      open.forEach(o -> o.onNext(r));
    }

    void drop(Status status) {
      open.forEach(o -> o.onError(status.asRuntimeException()));
      open.clear();
    }
  }

  /** Holds each backoff until the test releases it. */
  private static final class Gate implements Sleeper {
    final Semaphore permits = new Semaphore(0);

    @Override
    public void sleep(Duration d) throws InterruptedException {
      permits.tryAcquire(10, TimeUnit.SECONDS);
    }
  }

  private static GetFlowsResponse syn(Instant time, String uuid, int port, boolean ack) {
    Timestamp ts = Timestamp.newBuilder().setSeconds(time.getEpochSecond()).build();
    return GetFlowsResponse.newBuilder()
        .setTime(ts)
        .setNodeName("node-a")
        .setFlow(
            Flow.newBuilder()
                .setTime(ts)
                .setUuid(uuid)
                .setVerdict(Verdict.FORWARDED)
                .setIP(IP.newBuilder().setSource("10.0.0.5").setDestination("10.0.0.6"))
                .setL4(
                    Layer4.newBuilder()
                        .setTCP(
                            TCP.newBuilder()
                                .setSourcePort(40000)
                                .setDestinationPort(port)
                                .setFlags(TCPFlags.newBuilder().setSYN(!ack).setACK(ack))))
                .setSource(Endpoint.newBuilder().setNamespace("shop").setPodName("web-5d8f-a"))
                .setDestination(Endpoint.newBuilder().setNamespace("shop").setPodName("db-5d8f-a")))
        .build();
  }

  private double counter(String name, String... tags) {
    Counter c = registry.find(name).tags(tags).counter();
    return c == null ? 0 : c.count();
  }

  /** A Hubble flow (as Relay streams it) of a new TCP connection from web to db at {@code time}. */
  private static HubbleFlow hubbleSyn(Instant time, int port) {
    String line =
        "{\"flow\":{\"time\":\""
            + time
            + "\",\"verdict\":\"FORWARDED\",\"IP\":{\"source\":\"10.0.0.5\","
            + "\"destination\":\"10.0.0.6\",\"ipVersion\":\"IPv4\"},\"l4\":{\"TCP\":"
            + "{\"source_port\":40000,\"destination_port\":"
            + port
            + ",\"flags\":{\"SYN\":true}}},\"source\":{\"namespace\":\"shop\","
            + "\"pod_name\":\"web-5d8f-a\"},\"destination\":{\"namespace\":\"shop\","
            + "\"pod_name\":\"db-5d8f-a\"}}}";
    return ((Outcome.Accepted<HubbleFlow>) new HubbleJsonParser().parse(line)).value();
  }

  @Test
  void flowsMoreThanFiveMinutesAheadOfTheClockAreRejectedNotLearnedForever() {
    learning.observePods(
        List.of(
            deploymentPod("shop", "web", "web-5d8f-a", "10.0.0.5", T0),
            deploymentPod("shop", "db", "db-5d8f-a", "10.0.0.6", T0)),
        T0);
    RelayFlowConsumer consumer = learning.relayConsumer();
    consumer.accept(hubbleSyn(T0.plus(Duration.ofMinutes(4)), 5432));
    consumer.accept(hubbleSyn(T0.plus(Duration.ofMinutes(6)), 5433));
    consumer.accept(hubbleSyn(T0.plus(Duration.ofDays(365)), 5434));
    assertThat(learning.store().snapshot().learned())
        .singleElement()
        .satisfies(e -> assertThat(e.port()).isEqualTo(5432));
    assertThat(counter("netseg.flows.rejected", "source", RELAY, "reason", "FUTURE_TIME"))
        .isEqualTo(2);
    assertThat(learning.stats(RELAY).rejectedTotal()).isEqualTo(2);
  }

  @Test
  void theSourceIsUnavailableWhileTheStreamIsDownAndLearnsAgainWhenItIsBack() throws Exception {
    learning.observePods(
        List.of(
            deploymentPod("shop", "web", "web-5d8f-a", "10.0.0.5", T0),
            deploymentPod("shop", "db", "db-5d8f-a", "10.0.0.6", T0)),
        T0);
    String name = "relay-" + UUID.randomUUID();
    Relay relay = new Relay();
    server =
        InProcessServerBuilder.forName(name).directExecutor().addService(relay).build().start();
    Gate gate = new Gate();
    RelayFlowConsumer consumer = learning.relayConsumer();
    source =
        new RelayFlowSource(
            RelayConfig.of("in-process", List.of("shop"))
                .withBackoff(Duration.ofMillis(10), Duration.ofMillis(10), 0),
            () -> InProcessChannelBuilder.forName(name).directExecutor().build(),
            consumer,
            consumer::onState,
            Clock.systemUTC(),
            gate,
            new Random(1));
    assertThat(learning.unavailable(List.of())).containsExactly(unavailablePrefix("not started"));

    source.start();
    await().atMost(WAIT).until(() -> learning.unavailable(List.of()).isEmpty());
    relay.publish(syn(T0.plusSeconds(1), "a", 5432, false));
    relay.publish(syn(T0.plusSeconds(1), "b", 5432, true)); // after the handshake: skipped
    await().atMost(WAIT).until(() -> learning.store().size() == 1);

    relay.drop(Status.UNAVAILABLE.withDescription("relay restarting"));
    await()
        .atMost(WAIT)
        .until(
            () ->
                learning.unavailable(List.of()).stream()
                    .anyMatch(
                        s ->
                            s.startsWith(
                                "hubble-relay: disconnected: UNAVAILABLE: relay restarting")));
    // The reconnect attempt keeps the reason until the stream is up again.
    gate.permits.release();
    await().atMost(WAIT).until(() -> learning.unavailable(List.of()).isEmpty());
    relay.publish(syn(T0.plusSeconds(2), "c", 5432, false));
    relay.publish(syn(T0.plusSeconds(2), "d", 70000, false)); // rejected
    await().atMost(WAIT).until(() -> counter("netseg.flows.ingested", "source", RELAY) == 2);
    await()
        .atMost(WAIT)
        .until(() -> learning.stats(RELAY).count(RejectReason.PORT_OUT_OF_RANGE) == 1);

    assertThat(learning.store().snapshot().learned()).singleElement().matches(e -> e.count() == 2);
    assertThat(learning.stats(RELAY).count(SkipReason.NOT_CONNECTION_START)).isEqualTo(1);
    assertThat(
            counter(
                "netseg.flows.rejected",
                "source",
                RELAY,
                "reason",
                RejectReason.PORT_OUT_OF_RANGE.name()))
        .isEqualTo(1);

    source.close();
    assertThat(learning.unavailable(List.of())).containsExactly(unavailablePrefix("stopped"));
  }

  /** What unavailable() says; the learning's clock is fixed at T0. */
  private static String unavailablePrefix(String reason) {
    return "hubble-relay: " + reason + " (since " + T0 + ")";
  }

  @Test
  void relayStatesMapToSourceHealth() {
    RelayFlowConsumer consumer = learning.relayConsumer();
    Instant t = T0;
    consumer.onState(RelayState.of(RelayState.Phase.NEW, t));
    assertThat(reasons()).containsExactly("not started");
    consumer.onState(RelayState.of(RelayState.Phase.CONNECTING, t));
    assertThat(reasons()).containsExactly("connecting");
    consumer.onState(RelayState.of(RelayState.Phase.CONNECTED, t));
    assertThat(reasons()).isEmpty();
    consumer.onState(RelayState.disconnected(t, "UNAVAILABLE: io exception"));
    assertThat(reasons()).containsExactly("disconnected: UNAVAILABLE: io exception");
    consumer.onState(RelayState.of(RelayState.Phase.CONNECTING, t));
    assertThat(reasons()).containsExactly("disconnected: UNAVAILABLE: io exception");
    consumer.onState(RelayState.of(RelayState.Phase.CONNECTED, t));
    assertThat(reasons()).isEmpty();
    consumer.onState(RelayState.of(RelayState.Phase.STOPPED, t));
    assertThat(reasons()).containsExactly("stopped");
  }

  private List<String> reasons() {
    return learning.unavailable(List.of()).stream()
        .map(s -> s.substring("hubble-relay: ".length(), s.indexOf(" (since ")))
        .toList();
  }
}
