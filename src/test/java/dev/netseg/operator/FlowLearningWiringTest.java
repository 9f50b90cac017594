package dev.netseg.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.netseg.flows.relay.proto.GetFlowsRequest;
import dev.netseg.flows.relay.proto.GetFlowsResponse;
import dev.netseg.flows.relay.proto.ObserverGrpc;
import dev.netseg.operator.apply.WriteMode;
import dev.netseg.operator.crd.LearnedEdges;
import dev.netseg.operator.crd.SegmentationProfile;
import dev.netseg.operator.http.TokenAuthenticator;
import dev.netseg.operator.learn.LearnedFlows;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator with its flow sources wired, against the CRUD mock API server: flows posted to the
 * endpoint become learned edges, reach the policies, survive a restart, and are protected by the
 * safety gate; a repeated sighting writes nothing.
 */
@EnableKubernetesMockClient(crud = true)
class FlowLearningWiringTest {
  KubernetesMockServer server;
  KubernetesClient client;
  private MockCluster cluster;
  private OperatorRuntime runtime;

  private static final String COLLECTOR = "system:serviceaccount:monitoring:collector";
  private static final TokenAuthenticator AUTH =
      token -> token.equals("good") ? Optional.of(COLLECTOR) : Optional.empty();

  /** frontend calls cart (from its env); legacy's port 9000 is called by nothing in manifests. */
  private static final String APP =
      MockCluster.FRONTEND_CALLS_CART
          + """
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: legacy, namespace: shop}
      spec:
        selector: {matchLabels: {app: legacy}}
        template:
          metadata: {labels: {app: legacy}}
          spec:
            containers:
            - name: legacy
              image: legacy
              ports: [{containerPort: 9000}]
      """;

  /** A running pod of Deployment {@code app} whose container declares {@code ports}. */
  private static String pod(String app, String ip, String ports) {
    return """
        apiVersion: v1
        kind: Pod
        metadata:
          name: %1$s-5d8f-a
          namespace: shop
          uid: uid-%1$s
          creationTimestamp: "2026-01-01T00:00:00Z"
          labels: {app: %1$s, pod-template-hash: 5d8f}
          ownerReferences:
          - {apiVersion: apps/v1, kind: ReplicaSet, name: %1$s-5d8f, uid: rs-%1$s, controller: true}
        spec:
          containers: [{name: c, image: c, ports: %3$s}]
        status: {phase: Running, startTime: "2026-01-01T00:00:00Z", podIP: %2$s}
        """
        .formatted(app, ip, ports);
  }

  private static final String ENFORCE =
      """
      mode: Enforce
      learning: {minimumLearningPeriod: 0s}
      defaultDeny: true
      """;

  private static OperatorConfig config(Optional<OperatorConfig.HubbleRelay> relay) {
    return config(relay, Duration.ZERO);
  }

  private static OperatorConfig config(
      Optional<OperatorConfig.HubbleRelay> relay, Duration warmUp) {
    return new OperatorConfig(
        Set.of(),
        0,
        Optional.of(
            new OperatorConfig.FlowIngest(
                0, Set.of(COLLECTOR), 4096, Optional.empty(), Optional.empty())),
        relay,
        Optional.empty(),
        Duration.ofHours(1), // only the flush on close writes, so the test sees every write
        warmUp);
  }

  private void startRuntime(OperatorConfig config) throws Exception {
    runtime =
        OperatorRuntime.start(
            config, client, WriteMode.CREATE_OR_UPDATE, LearnedFlows.NONE, Clock.systemUTC(), AUTH);
  }

  @BeforeEach
  void cluster() {
    cluster = new MockCluster(client, "shop");
  }

  private void startApp() {
    cluster.apply(APP);
    cluster.apply(pod("frontend", "10.0.0.10", "[{name: http, containerPort: 8080}]"));
    cluster.apply(pod("cart", "10.0.0.11", "[{name: grpc, containerPort: 7070}]"));
    cluster.apply(pod("legacy", "10.0.0.12", "[{containerPort: 9000}]"));
  }

  @AfterEach
  void stop() {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  void aPostedFlowIsLearnedEnforcedKeptAcrossARestartAndRepeatsWriteNothing() throws Exception {
    startApp();
    startRuntime(config(Optional.empty()));
    cluster.createProfile("shop", ENFORCE);
    await().atMost(Duration.ofSeconds(30)).until(() -> reason("Ready"), "Enforced"::equals);
    assertThat(ingress("netseg-legacy")).doesNotContain("9000");
    Thread.sleep(1500); // the pods reach the learner

    assertThat(post("good", legacyCall(Instant.now())))
        .startsWith("200")
        .contains("\"accepted\":1");
    await().atMost(Duration.ofSeconds(30)).until(() -> ingress("netseg-legacy").contains("9000"));
    assertThat(Serialization.asYaml(cluster.policy("netseg-frontend").getSpec())).contains("9000");
    await().atMost(Duration.ofSeconds(10)).until(() -> learnedEdges() == 1L);
    assertThat(
            cluster
                .policy("netseg-legacy")
                .getMetadata()
                .getAnnotations()
                .get("netseg.dev/justification"))
        .contains("observed: http")
        .doesNotContain("seen");

    // The same connection seen again: nothing is written, not even status.
    Thread.sleep(2500);
    int before = server.getRequestCount();
    assertThat(post("good", legacyCall(Instant.now()))).startsWith("200");
    Thread.sleep(3000); // more than the learned-edge check and a reconcile
    assertThat(writesSince(before)).as("writes after a repeated sighting").isEmpty();

    // Restart: close flushes the edges; the new runtime loads them before it reconciles, so the
    // allowance stays and the policy is not written again.
    Map<String, String> versions = policyVersions();
    runtime.close();
    runtime = null;
    assertThat(client.resources(LearnedEdges.class).inNamespace("shop").list().getItems())
        .isNotEmpty();
    before = server.getRequestCount();
    startRuntime(config(Optional.empty()));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                runtime.registry().find("netseg.decision.duration").timer() != null
                    && runtime.registry().find("netseg.decision.duration").timer().count() >= 1);
    Thread.sleep(2000);
    assertThat(policyVersions()).isEqualTo(versions);
    assertThat(writesSince(before))
        .as("writes after a restart")
        .noneMatch(w -> w.contains("networkpolicies"));
    assertThat(learnedEdges()).isEqualTo(1L);
  }

  @Test
  void aChangeThatWouldBlockALearnedFlowIsHeld() throws Exception {
    startApp();
    startRuntime(config(Optional.empty()));
    cluster.createProfile("shop", ENFORCE);
    await().atMost(Duration.ofSeconds(30)).until(() -> reason("Ready"), "Enforced"::equals);
    Thread.sleep(1500);
    assertThat(post("good", legacyCall(Instant.now()))).startsWith("200");
    await().atMost(Duration.ofSeconds(30)).until(() -> ingress("netseg-legacy").contains("9000"));
    Map<String, String> versions = policyVersions();

    // Excluding legacy drops its policy; the namespace's default deny then blocks the learned
    // connection frontend -> legacy:9000.
    cluster.editProfile(
        "shop",
        p ->
            p.getSpec()
                .setExclude(
                    Serialization.unmarshal(
                        "{\"workloads\": [\"legacy\"]}",
                        dev.netseg.operator.crd.Exclusions.class)));
    await().atMost(Duration.ofSeconds(30)).until(() -> reason("Ready").equals("ChangeHeld"));
    assertThat(cluster.condition("shop", "SafeToEnforce").map(Condition::getStatus))
        .contains("False");
    assertThat(cluster.condition("shop", "SafeToEnforce").map(Condition::getMessage).orElse(""))
        .contains("legacy");
    assertThat(policyVersions()).isEqualTo(versions);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                events().stream()
                    .anyMatch(
                        e -> e.getType().equals("Warning") && e.getReason().equals("ChangeHeld")));
  }

  /**
   * A learned allowance lasts as long as the profile's retention says, counted from its last
   * sighting, and goes then: not earlier, and not only at the next two-minute resync.
   */
  @Test
  void aLearnedAllowanceGoesWhenItsRetentionEndsNotAtTheNextResync() throws Exception {
    Instant seen = learnTheLegacyCallRetainedFor5s();

    await("the allowance goes once the sighting is older than the retention")
        .atMost(Duration.ofSeconds(30))
        .until(() -> !ingress("netseg-legacy").contains("9000"));
    assertThat(Duration.between(seen, Instant.now()))
        .as("not before the retention has passed")
        .isGreaterThanOrEqualTo(Duration.ofSeconds(5));
  }

  private static final Duration WARM_UP = Duration.ofSeconds(8);

  /**
   * Runs the app under a profile that keeps a learned flow 5 s after its last sighting, reports
   * frontend -> legacy:9000 once and waits for its allowance; returns the sighting's time.
   */
  private Instant learnTheLegacyCallRetainedFor5s() throws Exception {
    startApp();
    startRuntime(config(Optional.empty()));
    cluster.createProfile(
        "shop",
        """
        mode: Enforce
        learning: {minimumLearningPeriod: 0s, retention: 5s}
        defaultDeny: true
        """);
    await().atMost(Duration.ofSeconds(30)).until(() -> reason("Ready"), "Enforced"::equals);
    Instant seen = Instant.now();
    await("the learner knows the pods")
        .atMost(Duration.ofSeconds(30))
        .until(() -> post("good", legacyCall(seen)), r -> r.contains("\"accepted\":1"));
    await().atMost(Duration.ofSeconds(30)).until(() -> ingress("netseg-legacy").contains("9000"));
    return seen;
  }

  /**
   * Learns frontend -> legacy:9000 and stops the operator; returns when the connection's last
   * sighting is older than the retention, as after a leaderless gap in which nobody recorded it.
   */
  private Map<String, String> learnTheLegacyCallThenStayDownLongerThanTheRetention()
      throws Exception {
    Instant seen = learnTheLegacyCallRetainedFor5s();
    await("the profile counts the learned edge")
        .atMost(Duration.ofSeconds(10))
        .until(() -> learnedEdges(), n -> n != null && n == 1L);
    Map<String, String> versions = policyVersions();
    runtime.close();
    runtime = null;
    await("the last sighting is older than the retention")
        .atMost(Duration.ofSeconds(30))
        .until(() -> Instant.now().isAfter(seen.plusSeconds(6)));
    return versions;
  }

  /**
   * A replica that starts learning (after a restart, or on taking the lead) decides at once, before
   * its collectors have found it: a connection in use, whose stored sighting is older than the
   * retention only because nobody recorded while no replica learned, keeps its allowance while the
   * warm-up gives the collector time to report it again, and afterwards, since it was reported.
   */
  @Test
  void aRestartedOperatorRemovesNoAllowanceBeforeItsCollectorsHadTheWarmUpToReport()
      throws Exception {
    Map<String, String> versions = learnTheLegacyCallThenStayDownLongerThanTheRetention();

    // A collector that reports the connection every 2 s, as in use: its next report reaches the
    // new replica a period after the replica admits flows, as at a takeover.
    var collector = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    try {
      startRuntime(config(Optional.empty(), WARM_UP));
      await("the replica admits flows (an empty batch records nothing)")
          .atMost(Duration.ofSeconds(30))
          .until(() -> post("good", ""), r -> r.startsWith("200"));
      collector.scheduleWithFixedDelay(
          () -> {
            try {
              post("good", legacyCall(Instant.now()));
            } catch (Exception e) {
              // the next report goes again
            }
          },
          2,
          2,
          TimeUnit.SECONDS);
      // Through the warm-up, its end (a reconcile of every profile) and well after it.
      await("the allowance stays")
          .during(WARM_UP.plusSeconds(5))
          .atMost(WARM_UP.plusSeconds(30))
          .until(() -> ingress("netseg-legacy").contains("9000"));
      assertThat(runtime.registry().scrape())
          .as("the warm-up is over")
          .contains("netseg_flows_source_available{source=\"http\"} 1.0");
      assertThat(policyVersions()).as("no policy written across the restart").isEqualTo(versions);
    } finally {
      collector.shutdownNow();
    }
  }

  /** The warm-up is bounded: a collector that stays silent does not keep an allowance for ever. */
  @Test
  void aSilentCollectorHoldsARemovalOnlyUntilTheWarmUpEnds() throws Exception {
    learnTheLegacyCallThenStayDownLongerThanTheRetention();

    Instant started = Instant.now();
    startRuntime(config(Optional.empty(), WARM_UP));
    await("the allowance nobody reported again goes")
        .atMost(WARM_UP.plusSeconds(30))
        .until(() -> !ingress("netseg-legacy").contains("9000"));
    assertThat(Duration.between(started, Instant.now()))
        .as("not before the warm-up ended (without it, at the first reconcile)")
        .isGreaterThanOrEqualTo(WARM_UP);
  }

  @Test
  void whileAConfiguredSourceIsDownNoAppliedAllowanceIsRemoved() throws Exception {
    startApp();
    // A stand-in for Hubble Relay that accepts the stream and sends nothing but a first message.
    Server relay =
        NettyServerBuilder.forPort(0)
            .addService(
                new ObserverGrpc.ObserverImplBase() {
                  @Override
                  public void getFlows(
                      GetFlowsRequest request, StreamObserver<GetFlowsResponse> responses) {
                    responses.onNext(GetFlowsResponse.getDefaultInstance());
                  }
                })
            .build()
            .start();
    try {
      startRuntime(
          config(
              Optional.of(
                  new OperatorConfig.HubbleRelay(
                      "127.0.0.1:" + relay.getPort(), Optional.empty(), Optional.empty()))));
      cluster.createProfile("shop", ENFORCE);
      // Until Relay is followed nothing is enforced (that would tighten on a partial view); once
      // it is, the profile is reconciled again and its policies are written.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> ingress("netseg-cart"), i -> i.contains("frontend"));
    } finally {
      relay.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> runtime.registry().scrape(),
            m -> m.contains("netseg_flows_source_available{source=\"hubble-relay\"} 0.0"));

    // frontend stops naming cart: the generator no longer wants frontend -> cart, but what Relay
    // would have shown meanwhile is unknown, so the allowance stays.
    cluster.apply(APP.replace("env: [{name: CART_ADDR, value: \"cart:7070\"}]", "env: []"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> proposal(), y -> !y.isEmpty() && !y.contains("CART_ADDR"));
    // The status is patched after the proposal is written: wait for it too.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> cluster.condition("shop", "Degraded").map(Condition::getMessage).orElse(""),
            m -> m.contains("flow source unavailable: hubble-relay"));
    assertThat(ingress("netseg-cart")).contains("frontend");
    assertThat(Serialization.asYaml(cluster.policy("netseg-frontend").getSpec())).contains("cart");
  }

  @Test
  void refusedPostsRecordNothing() throws Exception {
    startApp();
    startRuntime(config(Optional.empty()));
    cluster.createProfile("shop", ENFORCE);
    await().atMost(Duration.ofSeconds(30)).until(() -> reason("Ready"), "Enforced"::equals);
    Thread.sleep(1500);
    assertThat(post("bad", legacyCall(Instant.now()))).startsWith("401");
    assertThat(post("good", "x".repeat(5000))).startsWith("413");
    Thread.sleep(2500);
    assertThat(learnedEdges()).isZero();
    assertThat(ingress("netseg-legacy")).doesNotContain("9000");
    assertThat(runtime.registry().scrape())
        .contains("netseg_flows_source_available{source=\"http\"} 1.0")
        .contains("netseg_flows_learned_edges 0.0");
  }

  // --- helpers

  private static String legacyCall(Instant time) {
    return "{\"time\":\"%s\",\"src\":{\"namespace\":\"shop\",\"pod\":\"frontend-5d8f-a\"},\"dst\":{\"namespace\":\"shop\",\"pod\":\"legacy-5d8f-a\"},\"port\":9000}\n"
        .formatted(time);
  }

  /** {@code <status> <body>}. */
  private String post(String token, String body) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://localhost:"
                                + runtime.flowIngestPort().orElseThrow()
                                + "/api/v1/flows"))
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.body();
  }

  private String reason(String type) {
    return cluster.condition("shop", type).map(Condition::getReason).orElse("");
  }

  /** The proposed policies as YAML (written in every mode). */
  private String proposal() {
    var p =
        client
            .resources(dev.netseg.operator.crd.PolicyProposal.class)
            .inNamespace("shop")
            .withName("shop")
            .get();
    return p == null || p.getSpec() == null ? "" : p.getSpec().getYaml();
  }

  private Long learnedEdges() {
    SegmentationProfile p = cluster.profile("shop");
    return p == null || p.getStatus() == null ? null : p.getStatus().getLearnedEdges();
  }

  private String ingress(String name) {
    NetworkPolicy p = cluster.policy(name);
    return p == null ? "" : Serialization.asYaml(p.getSpec().getIngress());
  }

  private Map<String, String> policyVersions() {
    return client.network().v1().networkPolicies().inNamespace("shop").list().getItems().stream()
        .collect(
            Collectors.toMap(
                p -> p.getMetadata().getName(), p -> p.getMetadata().getResourceVersion()));
  }

  private List<Event> events() {
    return client.v1().events().inNamespace("shop").list().getItems();
  }

  /** Methods and paths (no query) of the requests after the first {@code before}, without reads. */
  private List<String> writesSince(int before) throws InterruptedException {
    List<String> all = new ArrayList<>();
    int total = server.getRequestCount();
    for (int i = 0; i < total; i++) {
      var r = server.takeRequest(10, TimeUnit.MILLISECONDS);
      if (r == null) {
        break;
      }
      all.add(r.getMethod() + " " + r.getPath());
    }
    return all.subList(Math.min(before, all.size()), all.size()).stream()
        .filter(s -> !s.startsWith("GET"))
        .map(s -> s.replaceAll("\\?.*$", ""))
        .toList();
  }
}
