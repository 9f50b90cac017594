package dev.netseg.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.netseg.it.HelmRelease;
import dev.netseg.it.OperatorReplica;
import dev.netseg.operator.crd.PolicyProposal;
import dev.netseg.operator.crd.SegmentationProfile;
import dev.netseg.policy.PolicyEngine;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

  /** A new connection every 50 ms per required flow, as the issue asks. */
  private static final Duration CALL_EVERY = Duration.ofMillis(50);

  private static final Duration WAIT = Duration.ofSeconds(60);

  private final DataplaneFixture dataplane;
  private KubernetesClient admin;
  private ShopWorld world;
  private ShopFlows shop;
  private HelmRelease release;
  private final List<OperatorReplica> replicas = new ArrayList<>();
  private String collectorToken;

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
  }

  @AfterAll
  void stop() {
    replicas.forEach(OperatorReplica::close);
    if (world != null) {
      for (String ns : SHOP_NAMESPACES) {
        admin.network().v1().networkPolicies().inNamespace(ns).delete();
      }
      world.close();
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Test
  @Order(1)
  void observeProposesAndWritesNothingWhileEveryConnectionWorks() {
    applyProfiles("01-observe.yaml");
    reportObserved(world.pod("shop", "shipping"), world.pod("data", "postgres"), 5432);

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
        await("profile " + ns + " enforced")
            .atMost(WAIT)
            .until(() -> readyReason(ns).equals("Enforced"));
      }
      awaitKubeRouterHasThePolicies();
      // The clients keep calling a while on the rules kube-router now holds.
      long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      await().atMost(Duration.ofSeconds(10)).until(() -> System.nanoTime() > end);
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
  }

  // ---------------------------------------------------------------------------------------------

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

  /** What a flow collector reports: a connection seen on the wire, now. */
  private void reportObserved(Peer from, Peer to, int port) {
    String line =
        "{\"time\":\"%s\",\"src\":{\"namespace\":\"%s\",\"pod\":\"%s\"},\"dst\":{\"namespace\":\"%s\",\"pod\":\"%s\"},\"port\":%d,\"protocol\":\"TCP\"}\n"
            .formatted(
                Instant.now(), namespaceOf(from), podOf(from), namespaceOf(to), podOf(to), port);
    OperatorReplica leader = leader().orElseThrow();
    await("the leader takes the report")
        .atMost(WAIT)
        .until(() -> post(leader.port("flow-ingest"), line).contains("\"accepted\":1"));
  }

  private static String namespaceOf(Peer p) {
    return p.name().split("/")[0];
  }

  private static String podOf(Peer p) {
    return p.name().split("/")[1];
  }

  private String post(int port, String body) {
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/flows"))
                      .header("Authorization", "Bearer " + collectorToken)
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return r.statusCode() + " " + r.body();
    } catch (IOException e) {
      return "failed: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
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

  private String readyReason(String namespace) {
    SegmentationProfile p =
        admin.resources(SegmentationProfile.class).inNamespace(namespace).withName(namespace).get();
    if (p == null || p.getStatus() == null || p.getStatus().getConditions() == null) {
      return "";
    }
    return p.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals("Ready"))
        .map(Condition::getReason)
        .findFirst()
        .orElse("");
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
