package dev.netseg.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.netseg.it.HelmRelease;
import dev.netseg.it.OperatorReplica;
import dev.netseg.operator.crd.LearningSource;
import dev.netseg.operator.crd.OnBlockedFlow;
import dev.netseg.operator.crd.PolicyProposal;
import dev.netseg.operator.crd.SegmentationProfile;
import dev.netseg.policy.PolicyEngine;
import dev.netseg.testing.ProfileEdits;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Will switching this on break production?", answered on packets: the example shop's pods on the
 * dataplane, the operator installed with {@code helm install} on the same API server and run as its
 * processes ({@link OperatorReplica}: the chart's RBAC, server-side apply, leader election), the
 * profiles of {@code deploy/examples} applied as a user applies them, and clients calling every
 * required flow while it happens. The tests run in order, as a cluster lives them.
 */
@Dataplane
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorOnPacketsIT {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorOnPacketsIT.class);
  private static final Path SHOP = Path.of("examples", "shop");
  private static final String OUTSIDE_IP = "203.0.113.10";
  private static final String RELEASE = "netseg-operator";
  private static final String RELEASE_NAMESPACE = "netseg-system";
  private static final String COLLECTOR_NAMESPACE = "monitoring";
  private static final String COLLECTOR = "flow-exporter";
  private static final List<String> SHOP_NAMESPACES = List.of("shop", "payments", "data");
  private static final String INTRUDER_NAMESPACE = "elsewhere";

  /** A new connection every 50 ms per required flow, as the issue asks. */
  private static final Duration CALL_EVERY = Duration.ofMillis(50);

  private static final Duration WAIT = Duration.ofSeconds(60);

  /** How many more calls of each connection the clients make once a change is in force. */
  private static final int ROUNDS_AFTER = 60;

  /** Runs of "a new workload names a Service", for the median and maximum delay. */
  private static final int NEW_WORKLOAD_RUNS = 5;

  /** How long a learned flow counts after its last sighting, in scenarios 5 and 7. */
  private static final Duration RETENTION = Duration.ofSeconds(20);

  /** The retention across the leader change: shorter than the time with no leader (~15 s). */
  private static final Duration TAKEOVER_RETENTION = Duration.ofSeconds(10);

  private final DataplaneFixture dataplane;
  private KubernetesClient admin;
  private ShopWorld world;
  private ShopFlows shop;
  private HelmRelease release;
  private final List<OperatorReplica> replicas = new ArrayList<>();
  private String collectorToken;
  private FlowCollector collector;

  OperatorOnPacketsIT(DataplaneFixture dataplane) {
    this.dataplane = dataplane;
  }

  @BeforeAll
  void runTheShopAndInstallTheOperator() {
    admin = dataplane.cluster().admin();
    world = ShopWorld.create(dataplane, SHOP, OUTSIDE_IP, List.of(PortKey.tcp(443)));
    shop = new ShopFlows(ShopGeneration.of(SHOP), world);
    ProbeMatrix open = ProbeMatrix.measure(shop.probes());
    assertThat(open.disagreements(p -> Possible.ALLOWED))
        .as(
            "every listener answers before anything is installed\n%s",
            open.render(p -> Possible.ALLOWED))
        .isEmpty();

    admin
        .namespaces()
        .resource(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName(COLLECTOR_NAMESPACE)
                .endMetadata()
                .build())
        .create();
    admin
        .serviceAccounts()
        .inNamespace(COLLECTOR_NAMESPACE)
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName(COLLECTOR).endMetadata().build())
        .create();
    collectorToken = dataplane.api().serviceAccountToken(COLLECTOR_NAMESPACE, COLLECTOR);
    dataplane.cluster().createNamespace(INTRUDER_NAMESPACE, Map.of());
    release =
        HelmRelease.install(
            dataplane.api(),
            RELEASE,
            RELEASE_NAMESPACE,
            """
            edgeFlushInterval: 2s
            flowIngestion:
              enabled: true
              allowed: [system:serviceaccount:%s:%s]
            """
                .formatted(COLLECTOR_NAMESPACE, COLLECTOR));
    OperatorReplica first = startReplica();
    await("the first replica leads").atMost(WAIT).until(() -> leader().isPresent());
    assertThat(leader()).contains(first);
    collector =
        new FlowCollector(
            () -> leader().map(r -> r.port("flow-ingest")).orElse(-1),
            collectorToken,
            Duration.ofSeconds(2));
  }

  @AfterAll
  void stop() {
    if (collector != null) {
      collector.close();
    }
    replicas.forEach(OperatorReplica::close);
    if (release != null) {
      release.uninstall();
    }
    admin.namespaces().withName(COLLECTOR_NAMESPACE).delete();
    if (world != null) {
      for (String ns : SHOP_NAMESPACES) {
        admin.network().v1().networkPolicies().inNamespace(ns).delete();
      }
      world.close();
      dataplane.cluster().deleteNamespace(INTRUDER_NAMESPACE);
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Test
  @Order(1)
  void observeProposesAndWritesNothingWhileEveryConnectionWorks() {
    applyProfiles("01-observe.yaml");
    // The one call the manifests do not show (its URL is in a Secret): seen on the wire.
    collector.seen(
        new FlowCollector.Seen(world.pod("shop", "shipping"), world.pod("data", "postgres"), 5432));

    for (String ns : SHOP_NAMESPACES) {
      await("the proposal of " + ns)
          .atMost(WAIT)
          .until(() -> proposal(ns).map(p -> p.getSpec().getPolicyCount() != null).orElse(false));
    }
    await("the observed flow in data's proposal")
        .atMost(WAIT)
        .until(() -> proposal("data").orElseThrow().getSpec().getYaml().contains("shipping"));
    assertThat(policies()).as("NetworkPolicies under Observe").isEmpty();
    ProbeMatrix packets = ProbeMatrix.measure(shop.probes());
    assertThat(packets.disagreements(p -> Possible.ALLOWED))
        .as("every connection still works under Observe\n%s", packets.render(p -> Possible.ALLOWED))
        .isEmpty();
  }

  @Test
  @Order(2)
  void enforceDropsNoRequiredConnectionAndRefusesEverythingElse() {
    List<Probe> required = shop.requiredProbes();
    TrafficLoop clients = TrafficLoop.start(required, CALL_EVERY);
    TrafficLoop.Result seen;
    try {
      await("the clients are calling")
          .atMost(WAIT)
          .until(() -> clients.attempts() > required.size() * 2L);
      applyProfiles("02-enforce.yaml");
      for (String ns : SHOP_NAMESPACES) {
        await("profile " + ns + " enforced").atMost(WAIT).until(() -> enforcedInFull(ns));
      }
      awaitKubeRouterHasThePolicies();
      // The clients keep calling a while on the rules kube-router now holds.
      keepCalling(clients, ROUNDS_AFTER);
    } finally {
      seen = clients.stop();
    }
    LOG.info(
        "Observe -> Enforce with {} required flows called every {} ms: {} attempts in {} ms, {}"
            + " failed",
        required.size(),
        CALL_EVERY.toMillis(),
        seen.attempts(),
        seen.ran().toMillis(),
        seen.failures().size());
    assertThat(seen.attempts()).isGreaterThan(required.size() * 20L);
    assertThat(seen.failures()).as("required connections that failed during the switch").isEmpty();

    assertEnforcedMatrix();

    // A pod of another namespace reaches none of the shop's pods but the public storefront.
    ShopWorld.ShopPod intruder =
        world
            .run(
                new DeploymentBuilder(reviews("intruder", null))
                    .editMetadata()
                    .withNamespace(INTRUDER_NAMESPACE)
                    .endMetadata()
                    .build(),
                List.of("10.2.3.1"))
            .get(0);
    dataplane.cluster().sync();
    List<Probe> fromOutsideTheShop = new ArrayList<>();
    for (ShopWorld.ShopPod to : world.pods()) {
      to.serves()
          .forEach(port -> fromOutsideTheShop.add(new Probe(intruder.peer(), to.peer(), port)));
    }
    ProbeMatrix intruded =
        Converge.measure(fromOutsideTheShop, Expectation.allowedIf(this::publicStorefront));
    assertThat(intruded.disagreements(Expectation.allowedIf(this::publicStorefront)))
        .as(
            "a pod of another namespace\n%s",
            intruded.render(Expectation.allowedIf(this::publicStorefront)))
        .isEmpty();
  }

  /** The storefront's public port, which the shop's profile exposes to 0.0.0.0/0. */
  private boolean publicStorefront(Probe p) {
    return "shop/frontend[Deployment]".equals(shop.workload(p.to()))
        && p.port().equals(PortKey.tcp(8080));
  }

  @Test
  @Order(3)
  void aNewWorkloadReachesTheServiceItNamesOnceReconciled() {
    Peer catalog = world.pod("shop", "productcatalog");
    List<Long> millis = new ArrayList<>();
    List<Integer> refusals = new ArrayList<>();
    for (int run = 1; run <= NEW_WORKLOAD_RUNS; run++) {
      String name = "reviews-" + run;
      Deployment reviews = reviews(name, "productcatalog:3550");
      // The pod's network is ready beforehand; from the apply on, the Deployment's pod runs at
      // once (a controller and kubelet that take no time), so what is measured is the operator:
      // from the object that names the Service to the first connection.
      List<Host> host = world.hosts(List.of("10.2.1." + run));
      long applied = System.nanoTime();
      world.apply(reviews);
      Peer client = world.runPods(reviews, host).get(0).peer();
      Probe call = new Probe(client, catalog, PortKey.tcp(3550));
      int refused = 0;
      for (Verdict v = once(call); v != Verdict.CONNECTED; v = once(call)) {
        assertThat(v).as("%s before the operator allows it", call).isEqualTo(Verdict.REFUSED);
        refused++;
        assertThat(Duration.ofNanos(System.nanoTime() - applied)).isLessThan(WAIT);
      }
      millis.add((System.nanoTime() - applied) / 1_000_000);
      refusals.add(refused);
      assertThat(justification("shop", "netseg-productcatalog"))
          .as("the connection is the operator's doing")
          .contains("from shop/" + name + "[Deployment]");
    }
    List<Long> sorted = millis.stream().sorted().toList();
    LOG.info(
        "new workload naming a Service: applied -> first connection {} ms (median {} ms, max {}"
            + " ms); refused probes before it {}",
        millis,
        sorted.get(sorted.size() / 2),
        sorted.get(sorted.size() - 1),
        refusals);
  }

  @Test
  @Order(5)
  void anAllowanceStaysWhileItsFlowIsSeenAndGoesOnlyWhenItsRetentionEnds() {
    editProfile("shop", p -> p.getSpec().getLearning().setRetention(RETENTION.toSeconds() + "s"));
    Peer reviews = world.peer("shop", "reviews-1");
    Peer catalog = world.pod("shop", "productcatalog");
    FlowCollector.Seen seen = new FlowCollector.Seen(reviews, catalog, 3550);
    collector.seen(seen);
    Probe call = new Probe(reviews, catalog, PortKey.tcp(3550));
    TrafficLoop clients = TrafficLoop.start(List.of(call), CALL_EVERY);
    try {
      // The manifest stops naming the Service; the wire still shows the calls.
      world.apply(reviews("reviews-1", null));
      await("the allowance rests on what was observed alone")
          .atMost(WAIT)
          .until(
              () -> {
                String why = justification("shop", "netseg-productcatalog");
                return why.contains("from shop/reviews-1[Deployment]")
                    && !why.contains("manifest: Deployment shop/reviews-1");
              });
      keepCalling(clients, ROUNDS_AFTER);
      assertThat(clients.attempts()).isPositive();
      assertThat(List.copyOf(clientsFailures(clients)))
          .as("while the flow is still observed")
          .isEmpty();

      collector.gone(seen);
      Instant lastSighting = collector.lastReported(seen).orElseThrow();
      await("the clients are refused once the last sighting is older than the retention")
          .atMost(RETENTION.plus(WAIT))
          .until(() -> !clients.failuresSoFar().isEmpty());
      TrafficLoop.Result result = clients.stop();
      assertThat(result.failures())
          .as("failures before the retention ended (last sighting %s)", lastSighting)
          .allSatisfy(
              f ->
                  assertThat(f.at())
                      .isAfterOrEqualTo(lastSighting.plus(RETENTION).minusSeconds(1)));
      LOG.info(
          "reviews-1 -> productcatalog allowed until {} after its last sighting (retention {})",
          Duration.between(lastSighting, result.failures().get(0).at()),
          RETENTION);
    } finally {
      clients.close();
    }
  }

  @Test
  @Order(6)
  void aReplacedPodWithANewAddressGetsItsFlowsBackWithoutAnyEdit() {
    Map<String, String> versions = policies();
    ShopWorld.ShopPod old =
        world.pods().stream()
            .filter(p -> p.workload().equals("shop/cartservice[Deployment]"))
            .findFirst()
            .orElseThrow();
    long started = System.nanoTime();
    ShopWorld.ShopPod fresh = world.replace(old, "cartservice-7c9d5b8f4-q1", "10.2.2.1");
    shop = new ShopFlows(ShopGeneration.of(SHOP), world);
    dataplane.cluster().sync();
    List<Probe> touching =
        shop.requiredProbes().stream()
            .filter(p -> p.from().equals(fresh.peer()) || p.to().equals(fresh.peer()))
            .toList();
    assertThat(touching).isNotEmpty();
    ProbeMatrix packets = Converge.measure(touching, p -> Possible.ALLOWED, Duration.ofSeconds(20));
    LOG.info(
        "replaced pod {} at {}: its {} required flows connect {} ms after the old pod went",
        fresh.peer(),
        fresh.peer().ip(),
        touching.size(),
        (System.nanoTime() - started) / 1_000_000);
    assertThat(packets.disagreements(p -> Possible.ALLOWED))
        .as("the replacement's required flows\n%s", packets.render(p -> Possible.ALLOWED))
        .isEmpty();
    assertThat(policies()).as("no policy rewritten for a new pod").isEqualTo(versions);
  }

  @Test
  @Order(7)
  void aChangeThatWouldBlockAFlowSeenOnTheWireIsHeldWhileTheFlowKeepsWorking() {
    Peer email = world.pod("shop", "emailservice");
    Peer recommendation = world.pod("shop", "recommendation");
    Probe call = new Probe(email, recommendation, PortKey.tcp(8080));
    Probe shipping =
        new Probe(world.pod("shop", "shipping"), world.pod("data", "postgres"), PortKey.tcp(5432));
    assertThat(once(call)).as("%s, which nothing asks for yet", call).isEqualTo(Verdict.REFUSED);

    FlowCollector.Seen seen = new FlowCollector.Seen(email, recommendation, 8080);
    collector.seen(seen);
    await("the connection seen on the wire is allowed")
        .atMost(WAIT)
        .until(() -> once(call) == Verdict.CONNECTED);
    Map<String, String> versions = policies();

    TrafficLoop clients = TrafficLoop.start(List.of(call, shipping), CALL_EVERY);
    try {
      // Observed flows stop counting: the two connections known only from the wire would go.
      editProfile(
          "shop",
          p ->
              p.getSpec()
                  .getLearning()
                  .setSources(List.of(LearningSource.Declarations, LearningSource.Manifests)));
      await("the change is held")
          .atMost(WAIT)
          .until(
              () -> condition("shop", "Ready").map(Condition::getReason).orElse(""),
              "ChangeHeld"::equals);
      Condition safe = condition("shop", "SafeToEnforce").orElseThrow();
      assertThat(safe.getStatus()).isEqualTo("False");
      assertThat(safe.getMessage()).contains("shop/emailservice[Deployment]");
      keepCalling(clients, ROUNDS_AFTER);
      assertThat(clients.failuresSoFar()).as("while the change is held").isEmpty();
      assertThat(policies()).as("nothing written while held").isEqualTo(versions);

      // As documented: accept the change with onBlockedFlow: Apply.
      Instant accepted = Instant.now();
      editProfile("shop", p -> p.getSpec().getSafety().setOnBlockedFlow(OnBlockedFlow.Apply));
      await("the accepted change takes the connections away")
          .atMost(WAIT)
          .until(() -> once(call) == Verdict.REFUSED && once(shipping) == Verdict.REFUSED);
      TrafficLoop.Result result = clients.stop();
      assertThat(result.failures())
          .as("failures only after the change was accepted")
          .allSatisfy(f -> assertThat(f.at()).isAfterOrEqualTo(accepted));
    } finally {
      clients.close();
    }

    // Back as it was, for what follows: observed flows count again, changes are held.
    collector.gone(seen);
    editProfile(
        "shop",
        p -> {
          p.getSpec()
              .getLearning()
              .setSources(
                  List.of(
                      LearningSource.Declarations,
                      LearningSource.Manifests,
                      LearningSource.ObservedFlows));
          p.getSpec().getSafety().setOnBlockedFlow(OnBlockedFlow.Hold);
        });
    await("the observed flow to postgres is allowed again")
        .atMost(WAIT)
        .until(() -> once(shipping) == Verdict.CONNECTED);
    // The flow no longer seen lasts until its retention ends, and no longer.
    await("the connection no longer seen goes when its retention ends")
        .atMost(RETENTION.plus(WAIT))
        .until(() -> once(call) == Verdict.REFUSED);
  }

  /**
   * The retention is shorter than the time with no leader, so the allowance of the connection known
   * only from the wire (shipping -> postgres, reported every 2 s) would expire at the takeover:
   * nobody records a sighting while no replica leads. The new leader's warm-up (the chart's 30 s)
   * lets the collector report it again before anything is removed.
   */
  @Test
  @Order(4)
  void aKilledLeaderIsReplacedWithoutARewriteAndWithoutAFailedConnection() {
    Map<String, String> retentions = new TreeMap<>();
    for (String ns : List.of("shop", "data")) {
      retentions.put(ns, profile(ns).getSpec().getLearning().getRetention());
      editProfile(
          ns, p -> p.getSpec().getLearning().setRetention(TAKEOVER_RETENTION.toSeconds() + "s"));
    }
    for (String ns : SHOP_NAMESPACES) {
      await("profile " + ns + " reconciled").atMost(WAIT).until(() -> enforcedInFull(ns));
    }
    await("the learned edges are stored")
        .atMost(WAIT)
        .until(
            () ->
                !admin
                    .resources(dev.netseg.operator.crd.LearnedEdges.class)
                    .inAnyNamespace()
                    .list()
                    .getItems()
                    .isEmpty());
    Map<String, String> versions = policies();
    List<Probe> required = shop.requiredProbes();
    OperatorReplica old = leader().orElseThrow();
    TrafficLoop clients = TrafficLoop.start(required, CALL_EVERY);
    TrafficLoop.Result seen;
    OperatorReplica next;
    try {
      old.kill();
      assertThat(old.awaitExit(Duration.ofSeconds(10))).isPresent();
      long killed = System.nanoTime();
      next = startReplica();
      await("the new replica leads once the Lease expires")
          .atMost(WAIT)
          .until(() -> leader().filter(r -> r == next).isPresent());
      LOG.info("no leader for {} ms", (System.nanoTime() - killed) / 1_000_000);
      await("the new leader has reconciled every profile")
          .atMost(WAIT)
          .until(() -> reconciled(next) >= SHOP_NAMESPACES.size());
      long leading = System.nanoTime();
      for (String ns : SHOP_NAMESPACES) {
        await("the new leader's warm-up is over in " + ns)
            .atMost(WAIT)
            .until(() -> enforcedInFull(ns));
      }
      LOG.info(
          "warm-up over {} ms after the first reconciles",
          (System.nanoTime() - leading) / 1_000_000);
      keepCalling(clients, ROUNDS_AFTER);
    } finally {
      seen = clients.stop();
    }
    LOG.info(
        "leader killed and replaced: {} attempts over {} ms, {} failed",
        seen.attempts(),
        seen.ran().toMillis(),
        seen.failures().size());
    assertThat(seen.failures()).as("connections that failed with no leader and after").isEmpty();
    assertThat(policies()).as("policies after a takeover that changes nothing").isEqualTo(versions);
    retentions.forEach(
        (ns, retention) -> editProfile(ns, p -> p.getSpec().getLearning().setRetention(retention)));
  }

  @Test
  @Order(8)
  void aGuardrailRefusesAnObservedFlowOnTheWireAndReportsIt() {
    Peer frontend = world.pod("shop", "frontend");
    Peer postgres = world.pod("data", "postgres");
    Probe suspicious = new Probe(frontend, postgres, PortKey.tcp(5432));
    assertThat(once(suspicious)).isEqualTo(Verdict.REFUSED);

    applySegments();
    await("the segments are in force")
        .atMost(WAIT)
        .until(() -> observedGeneration("shop") == generation("shop"));
    collector.seen(new FlowCollector.Seen(frontend, postgres, 5432));
    await("the observed storefront -> database flow is refused and reported")
        .atMost(WAIT)
        .until(
            () ->
                profile("shop").getStatus().getRefusedFlows() != null
                    && profile("shop").getStatus().getRefusedFlows().stream()
                        .anyMatch(
                            r ->
                                r.getSource().equals("shop/frontend[Deployment]")
                                    && r.getDestination().equals("data/postgres[StatefulSet]")));
    assertThat(profile("shop").getStatus().getRefusedFlows())
        .filteredOn(r -> r.getSource().equals("shop/frontend[Deployment]"))
        .singleElement()
        .satisfies(r -> assertThat(r.getReason()).contains("deny web -> data"));
    ProbeMatrix packets = ProbeMatrix.measure(List.of(suspicious));
    assertThat(packets.verdict(suspicious))
        .as("%s on the wire", suspicious)
        .isEqualTo(Verdict.REFUSED);
    assertThat(justification("shop", "netseg-frontend")).doesNotContain("data/postgres");
    await("a Warning event says so")
        .atMost(WAIT)
        .until(
            () ->
                admin.v1().events().inNamespace("shop").list().getItems().stream()
                    .anyMatch(e -> "RefusedFlows".equals(e.getReason())));
  }

  // ---------------------------------------------------------------------------------------------

  /** examples/shop-segments.yaml, as the shop profile's segments (its guardrails included). */
  private void applySegments() {
    String file;
    try {
      file = Files.readString(Path.of("examples", "shop-segments.yaml"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    var yaml = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper();
    editProfile(
        "shop",
        p -> {
          try {
            var segments = yaml.readTree(file);
            var spec = yaml.valueToTree(p.getSpec());
            ((com.fasterxml.jackson.databind.node.ObjectNode) spec)
                .put("segmentMode", segments.get("mode").asText())
                .set("segments", segments.get("segments"));
            ((com.fasterxml.jackson.databind.node.ObjectNode) spec)
                .set("segmentRules", segments.get("rules"));
            p.setSpec(
                yaml.treeToValue(spec, dev.netseg.operator.crd.SegmentationProfileSpec.class));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  private SegmentationProfile profile(String namespace) {
    return admin
        .resources(SegmentationProfile.class)
        .inNamespace(namespace)
        .withName(namespace)
        .get();
  }

  private long generation(String namespace) {
    return profile(namespace).getMetadata().getGeneration();
  }

  private long observedGeneration(String namespace) {
    SegmentationProfile p = profile(namespace);
    return p.getStatus() == null || p.getStatus().getObservedGeneration() == null
        ? -1
        : p.getStatus().getObservedGeneration();
  }

  private Optional<Condition> condition(String namespace, String type) {
    return condition(profile(namespace), type);
  }

  private static Optional<Condition> condition(SegmentationProfile p, String type) {
    if (p == null || p.getStatus() == null || p.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return p.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst();
  }

  /** Successful reconciles of the replica so far, from its metrics. */
  private static double reconciled(OperatorReplica r) {
    return r.get("/metrics")
        .map(
            response ->
                response
                    .body()
                    .lines()
                    .filter(l -> l.startsWith("operator_sdk_reconciliations_success_total"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                    .sum())
        .orElse(0.0);
  }

  /** Packets allow the required flows and refuse the rest (but kube-router's own deviations). */
  private void assertEnforcedMatrix() {
    var snapshot = dataplane.cluster().snapshot();
    KubeRouterModel kubeRouter = KubeRouterModel.asItIs(snapshot, DataplaneFixture.NODE_IP);
    Expectation modelled = p -> kubeRouter.allows(p.connection());
    ProbeMatrix packets = Converge.measure(shop.probes(), modelled);
    assertThat(
            shop.requiredProbes().stream()
                .filter(p -> packets.verdict(p) != Verdict.CONNECTED)
                .toList())
        .as(
            "required flows that do not connect\n%s",
            packets.render(Expectation.allowedIf(shop::required)))
        .isEmpty();
    assertThat(
            shop.probes().stream()
                .filter(p -> !shop.required(p) && packets.verdict(p) != Verdict.REFUSED)
                .filter(p -> kubeRouter.explain(p.connection()).isEmpty())
                .toList())
        .as(
            "connections no required flow asks for\n%s",
            packets.render(Expectation.allowedIf(shop::required)))
        .isEmpty();
    assertThat(packets.disagreements(modelled))
        .as("packets against KubeRouterModel\n%s", packets.render(modelled))
        .isEmpty();
    PolicyEngine engine = PolicyEngine.build(snapshot);
    assertThat(
            shop.probes().stream().filter(p -> engine.allows(p.connection()) != shop.required(p)))
        .as("netseg's engine on the operator's policies, against the required flows")
        .isEmpty();
  }

  /**
   * Lets the clients go on for {@code rounds} more calls of each of their connections, on the rules
   * in force now.
   */
  private static void keepCalling(TrafficLoop clients, int rounds) {
    long target = clients.attempts() + (long) rounds * clients.connections();
    await("clients calling " + rounds + " more rounds")
        .atMost(WAIT)
        .until(() -> clients.attempts() >= target);
  }

  private static List<TrafficLoop.Failure> clientsFailures(TrafficLoop clients) {
    return clients.failuresSoFar();
  }

  /** One fresh connection. */
  private static Verdict once(Probe p) {
    return ProbeMatrix.measure(List.of(p)).verdict(p);
  }

  /** A client of the shop that names {@code target} in its env (none when null). */
  private static Deployment reviews(String name, String target) {
    var container =
        new io.fabric8.kubernetes.api.model.ContainerBuilder()
            .withName("reviews")
            .withImage("registry.k8s.io/e2e-test-images/agnhost:2.52")
            .addNewPort()
            .withName("http")
            .withContainerPort(8080)
            .endPort();
    if (target != null) {
      container.addNewEnv().withName("CATALOG_ADDR").withValue(target).endEnv();
    }
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("shop")
        .endMetadata()
        .withNewSpec()
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", name)
        .addToLabels("tier", "app")
        .endMetadata()
        .withNewSpec()
        .withContainers(container.build())
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** The policy's netseg.dev/justification annotation ("" when the policy is not there). */
  private String justification(String namespace, String name) {
    NetworkPolicy p =
        admin.network().v1().networkPolicies().inNamespace(namespace).withName(name).get();
    if (p == null || p.getMetadata().getAnnotations() == null) {
      return "";
    }
    return p.getMetadata().getAnnotations().getOrDefault("netseg.dev/justification", "");
  }

  /** Changes a profile's spec as a user's edit would. */
  private void editProfile(
      String namespace, java.util.function.Consumer<SegmentationProfile> change) {
    ProfileEdits.edit(admin, namespace, namespace, change);
  }

  /** Waits until kube-router has received every policy the operator holds now. */
  private void awaitKubeRouterHasThePolicies() {
    dataplane.cluster().writtenElsewhere(new ArrayList<>(policies().keySet()), List.of());
    dataplane.cluster().sync();
  }

  /**
   * The profiles of {@code deploy/examples/<file>}, with no learning period, as a user applies
   * them.
   */
  private void applyProfiles(String file) {
    String yaml;
    try {
      yaml =
          Files.readString(Path.of("deploy", "examples", file))
              .replaceAll("minimumLearningPeriod: \\S+", "minimumLearningPeriod: 0s");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (HasMetadata o :
        admin.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items()) {
      admin.resource(o).fieldManager("kubectl").forceConflicts().serverSideApply();
    }
  }

  private OperatorReplica startReplica() {
    OperatorReplica r =
        OperatorReplica.start(
            dataplane.api(), release, RELEASE + "-58d6c7f9b4-r" + replicas.size());
    replicas.add(r);
    return r;
  }

  private Optional<OperatorReplica> leader() {
    var lease = admin.leases().inNamespace(RELEASE_NAMESPACE).withName(RELEASE).get();
    if (lease == null || lease.getSpec() == null) {
      return Optional.empty();
    }
    return replicas.stream()
        .filter(r -> r.alive() && r.podName().equals(lease.getSpec().getHolderIdentity()))
        .findFirst();
  }

  private Optional<PolicyProposal> proposal(String namespace) {
    return Optional.ofNullable(
        admin.resources(PolicyProposal.class).inNamespace(namespace).withName(namespace).get());
  }

  /**
   * The profile's latest spec is reconciled and enforced with every flow source counting: no source
   * down or warming up (which would only add allowances), nothing else degraded.
   */
  private boolean enforcedInFull(String namespace) {
    // One read, so that the generation and the conditions judged are those of one object.
    SegmentationProfile p = profile(namespace);
    return p != null
        && p.getStatus() != null
        && Objects.equals(p.getStatus().getObservedGeneration(), p.getMetadata().getGeneration())
        && condition(p, "Ready").map(Condition::getReason).orElse("").equals("Enforced")
        && condition(p, "Degraded").map(Condition::getStatus).orElse("").equals("False");
  }

  private String readyReason(String namespace) {
    return condition(namespace, "Ready").map(Condition::getReason).orElse("");
  }

  /** Every NetworkPolicy of the shop's namespaces, by namespace/name, with its resourceVersion. */
  private Map<String, String> policies() {
    Map<String, String> versions = new TreeMap<>();
    for (String ns : SHOP_NAMESPACES) {
      for (NetworkPolicy p :
          admin.network().v1().networkPolicies().inNamespace(ns).list().getItems()) {
        versions.put(ns + "/" + p.getMetadata().getName(), p.getMetadata().getResourceVersion());
      }
    }
    return versions;
  }
}
