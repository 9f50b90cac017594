package dev.netseg.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.netseg.operator.crd.SegmentationProfile;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator against the CRUD mock API server (no server-side apply, no garbage collector): what
 * it writes, what it leaves alone, and that a quiet reconcile writes nothing.
 */
@EnableKubernetesMockClient(crud = true)
class SegmentationProfileReconcilerTest {
  KubernetesMockServer server;
  KubernetesClient client;
  private MockCluster cluster;
  private OperatorRuntime runtime;

  private static final String APP = MockCluster.FRONTEND_CALLS_CART;

  @BeforeEach
  void start() throws Exception {
    cluster = new MockCluster(client, "shop");
    cluster.apply(APP);
    runtime = MockCluster.startOperator(client, Set.of());
  }

  @AfterEach
  void stop() {
    runtime.close();
  }

  private static final String ENFORCE =
      """
      mode: Enforce
      learning: {minimumLearningPeriod: 0s}
      """;

  @Test
  void observeModeWritesNoPolicyButProposesThem() {
    cluster.createProfile("shop", "mode: Observe");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> cluster.condition("shop", "Ready").map(c -> c.getReason()).orElse(""),
            "Observing"::equals);
    assertThat(cluster.policies()).isEmpty();
    assertThat(cluster.profile("shop").getStatus().getPolicies()).isEqualTo(2);
    var proposal =
        client
            .resources(dev.netseg.operator.crd.PolicyProposal.class)
            .inNamespace("shop")
            .withName("shop")
            .get();
    assertThat(proposal.getSpec().getYaml()).contains("name: netseg-cart", "name: netseg-frontend");
  }

  @Test
  void enforceWritesOwnedPoliciesLabelledAndControlledByTheProfile() {
    cluster.createProfile("shop", ENFORCE);
    await().atMost(Duration.ofSeconds(30)).until(() -> cluster.policies().size() == 2);
    SegmentationProfile p = cluster.profile("shop");
    for (NetworkPolicy np : cluster.policies()) {
      assertThat(np.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/managed-by", "netseg")
          .containsEntry("netseg.dev/profile", "shop");
      // The CRUD mock has no garbage collector: ownership is what makes the cluster delete the
      // policies with their profile, so it is checked here.
      assertThat(np.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.getUid()).isEqualTo(p.getMetadata().getUid());
                assertThat(r.getController()).isTrue();
              });
    }
    NetworkPolicy cart =
        cluster.policies().stream()
            .filter(np -> np.getMetadata().getName().equals("netseg-cart"))
            .findFirst()
            .orElseThrow();
    assertThat(Serialization.asYaml(cart.getSpec()))
        .contains("app: \"frontend\"", "port: \"grpc\"");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> cluster.condition("shop", "Ready").map(Condition::getReason).orElse(""),
            "Enforced"::equals);

    // That a reconcile with nothing changed sends no write is ApplicationChangesTest's
    // aReconcileThatChangesNothingSendsNoWrite: an annotation edit would not reconcile at all
    // (JOSDK skips updates that leave the generation alone).
  }

  @Test
  void aNewClientUpdatesOnlyTheServersPolicy() {
    cluster.createProfile("shop", ENFORCE);
    await().atMost(Duration.ofSeconds(30)).until(() -> cluster.policies().size() == 2);
    String frontendBefore = Serialization.asYaml(cluster.policy("netseg-frontend").getSpec());
    cluster.apply(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: checkout, namespace: shop}
        spec:
          selector: {matchLabels: {app: checkout}}
          template:
            metadata: {labels: {app: checkout}}
            spec:
              containers:
              - name: checkout
                image: checkout
                env: [{name: CART, value: "http://cart.shop.svc.cluster.local:7070/api"}]
        """);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                Serialization.asYaml(cluster.policy("netseg-cart").getSpec()).contains("checkout"));
    assertThat(cluster.policies())
        .extracting(np -> np.getMetadata().getName())
        .contains("netseg-checkout");
    assertThat(Serialization.asYaml(cluster.policy("netseg-frontend").getSpec()))
        .isEqualTo(frontendBefore);
  }

  @Test
  void aPolicyNetsegDoesNotOwnIsNeverTouchedAndItsNameIsReported() {
    cluster.apply(
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: netseg-cart, namespace: shop, labels: {team: payments}}
        spec:
          podSelector: {matchLabels: {app: cart}}
          ingress: [{}]
        """);
    NetworkPolicy mine = cluster.policy("netseg-cart");
    cluster.createProfile("shop", ENFORCE);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> cluster.condition("shop", "Degraded").map(Condition::getReason).orElse(""),
            "PolicyNameClash"::equals);
    NetworkPolicy after = cluster.policy("netseg-cart");
    assertThat(after.getMetadata().getResourceVersion())
        .isEqualTo(mine.getMetadata().getResourceVersion());
    assertThat(after.getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(cluster.policy("netseg-frontend")).isNotNull();
  }

  @Test
  void twoProfilesGoverningOneWorkloadBothReportTheConflictAndNeitherWritesForIt() {
    cluster.createProfile("all", ENFORCE);
    cluster.createProfile(
        "carts", ENFORCE + "scope: {workloadSelector: {matchLabels: {app: cart}}}\n");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                cluster
                        .condition("all", "Degraded")
                        .map(Condition::getMessage)
                        .orElse("")
                        .contains("carts")
                    && cluster
                        .condition("carts", "Degraded")
                        .map(Condition::getMessage)
                        .orElse("")
                        .contains("all"));
    assertThat(cluster.policies())
        .extracting(np -> np.getMetadata().getName())
        .doesNotContain("netseg-cart")
        .contains("netseg-frontend");
  }

  @Test
  void anInvalidSpecIsNotReadyWithTheFieldNamed() {
    cluster.createProfile(
        "bad",
        "scope: {workloadSelector: {matchExpressions: [{key: app, operator: Matches, values: [x]}]}}");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                cluster
                    .condition("bad", "Ready")
                    .map(Condition::getMessage)
                    .orElse("")
                    .contains("spec.scope.workloadSelector.matchExpressions[0].operator"));
    assertThat(cluster.condition("bad", "Ready").orElseThrow().getStatus()).isEqualTo("False");
    assertThat(cluster.policies()).isEmpty();
  }
}
