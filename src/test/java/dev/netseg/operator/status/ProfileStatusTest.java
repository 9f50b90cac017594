package dev.netseg.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.operator.crd.SegmentationProfileStatus;
import dev.netseg.operator.decide.Decision;
import dev.netseg.operator.decide.ProfileOutcome;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What {@code kubectl get sgp} and the status say must match what is in the namespace: Ready is not
 * True before anything is enforced, the managed policies are the ones netseg owns there, and the
 * POLICIES count agrees with the Ready message.
 */
class ProfileStatusTest {
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
    String app =
        extraObjects.isEmpty()
            ? Decision.FRONTEND_CALLS_CART
            : Decision.yaml(Decision.FRONTEND_CALLS_CART, extraObjects);
    Decision decision = Decision.of(app, specYaml).learnedFor(learnedFor);
    ProfileOutcome outcome = decision.decide();
    return StatusBuilder.build(
        null,
        outcome,
        new StatusBuilder.Context(
            1, decision.now(), decision.learningSince(), 0, 0, outcome.write(), "shop"));
  }

  private static Condition condition(SegmentationProfileStatus status, String type) {
    return status.getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow();
  }
}
