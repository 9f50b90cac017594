package dev.netseg.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.manifest.ManifestLoader;
import dev.netseg.manifest.Manifests;
import dev.netseg.operator.crd.SegmentationProfileSpec;
import dev.netseg.operator.crd.SegmentationProfileStatus;
import dev.netseg.operator.decide.Knowledge;
import dev.netseg.operator.decide.ProfileDecider;
import dev.netseg.operator.decide.ProfileInput;
import dev.netseg.operator.decide.ProfileOutcome;
import dev.netseg.operator.plan.Ownership;
import dev.netseg.operator.profile.ProfileValidator;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What {@code kubectl get sgp} and the status say must match what is in the namespace: Ready is not
 * True before anything is enforced, the managed policies are the ones netseg owns there, and the
 * POLICIES count agrees with the Ready message.
 */
class ProfileStatusTest {
  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  private static final Ownership.Owner OWNER =
      new Ownership.Owner("netseg.dev/v1alpha1", "SegmentationProfile", "shop", "shop", "uid-1");

  private static final String APP =
      """
      apiVersion: v1
      kind: Namespace
      metadata: {name: shop, labels: {kubernetes.io/metadata.name: shop}}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: frontend, namespace: shop}
      spec:
        selector: {matchLabels: {app: frontend}}
        template:
          metadata: {labels: {app: frontend}}
          spec:
            containers:
            - {name: web, image: web, env: [{name: CART_ADDR, value: "cart:7070"}]}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: cart, namespace: shop}
      spec:
        selector: {matchLabels: {app: cart}}
        template:
          metadata: {labels: {app: cart}}
          spec:
            containers:
            - {name: cart, image: cart, ports: [{name: grpc, containerPort: 7070}]}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: cart, namespace: shop}
      spec:
        selector: {app: cart}
        ports: [{name: grpc, port: 7070, targetPort: grpc}]
      """;

  /** A policy of the user's under the name netseg would give cart's policy. */
  private static final String USERS_CART_POLICY =
      """
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: netseg-cart, namespace: shop}
      spec: {podSelector: {matchLabels: {app: cart}}, policyTypes: [Ingress]}
      """;

  @Test
  void whileLearningInEnforceModeReadyIsFalseAndSaysWhenEnforcementStarts() {
    SegmentationProfileStatus status =
        status("mode: Enforce\nlearning: {minimumLearningPeriod: 24h}\n", "", Duration.ZERO);

    Condition ready = condition(status, "Ready");
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("Learning");
    assertThat(ready.getMessage()).contains("2026-01-02T12:00:00Z").contains("policyproposal");
    assertThat(status.getManagedPolicies()).as("nothing is written yet").isNull();
  }

  @Test
  void inObserveModeNoPolicyIsManagedAndThePolicyCountIsTheProposal() {
    SegmentationProfileStatus status = status("mode: Observe\n", "", Duration.ofDays(2));

    assertThat(condition(status, "Ready").getStatus()).isEqualTo("True");
    assertThat(status.getManagedPolicies()).isNull();
    assertThat(status.getPolicies()).isEqualTo(2);
  }

  @Test
  void duringANameClashThePolicyCountAgreesWithTheReadyMessageAndTheManagedList() {
    SegmentationProfileStatus status =
        status(
            "mode: Enforce\nlearning: {minimumLearningPeriod: 0s}\n",
            USERS_CART_POLICY,
            Duration.ZERO);

    assertThat(condition(status, "Ready").getMessage()).startsWith("1 policies enforced");
    assertThat(status.getPolicies()).isEqualTo(1);
    assertThat(status.getManagedPolicies()).containsExactly("netseg-frontend");
    assertThat(condition(status, "Degraded").getMessage())
        .contains("netseg-cart exists and is not managed by netseg");
  }

  private static SegmentationProfileStatus status(
      String specYaml, String extraObjects, Duration learnedFor) {
    SegmentationProfileSpec spec =
        new KubernetesSerialization().unmarshal(specYaml, SegmentationProfileSpec.class);
    var settings = new ProfileValidator(Set.of()).validate(spec).settings().orElseThrow();
    Manifests app =
        new ManifestLoader()
            .loadText("app.yaml", extraObjects.isEmpty() ? APP : APP + "---\n" + extraObjects);
    List<HasMetadata> objects = new ArrayList<>(app.allObjects());
    Instant since = NOW.minus(learnedFor);
    ProfileOutcome outcome =
        new ProfileDecider()
            .decide(
                new ProfileInput(
                    OWNER,
                    1,
                    settings,
                    Map.of(),
                    Manifests.of(objects),
                    List.of(),
                    new Knowledge(since, List.of()),
                    NOW));
    return StatusBuilder.build(
        null, outcome, new StatusBuilder.Context(1, NOW, since, 0, 0, outcome.write(), "shop"));
  }

  private static Condition condition(SegmentationProfileStatus status, String type) {
    return status.getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow();
  }
}
