package dev.netseg.operator.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.model.Peer;
import dev.netseg.model.Provenance;
import dev.netseg.model.RequiredFlow;
import dev.netseg.policy.Protocol;
import dev.netseg.workload.WorkloadRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Switching a learning source off removes evidence, and removing evidence is a change like any
 * other: when a connection that only the switched-off source showed flows today, the change that
 * would block it is held (SafeToEnforce=False, the flow named), and applied only with {@code
 * onBlockedFlow: Apply}. Once applied, the gate is satisfied again.
 */
class SwitchedOffEvidenceTest {
  /** frontend -> cart: manifests; checkout -> cart: declared; reporter -> cart: observed only. */
  private static final String APP =
      Decision.yaml(
          Decision.FRONTEND_CALLS_CART,
          Decision.CHECKOUT_DECLARES_CART,
          """
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: reporter, namespace: shop}
          spec:
            selector: {matchLabels: {app: reporter}}
            template:
              metadata: {labels: {app: reporter}}
              spec:
                containers: [{name: reporter, image: reporter}]
          """);

  private static final List<RequiredFlow> OBSERVED =
      List.of(
          new RequiredFlow(
              new Peer.WorkloadPeer(new WorkloadRef("shop", "reporter", "Deployment")),
              new Peer.WorkloadPeer(new WorkloadRef("shop", "cart", "Deployment")),
              Protocol.TCP,
              7070,
              List.of(new Provenance(Provenance.Source.OBSERVED, "hubble-relay"))));

  @ParameterizedTest(name = "switching off {0} holds the change that would block {1} -> cart")
  @CsvSource({
    "ObservedFlows, reporter, 'Declarations, Manifests'",
    "Manifests,     frontend, 'Declarations, ObservedFlows'",
    "Declarations,  checkout, 'Manifests, ObservedFlows'",
  })
  void aSwitchedOffSourceWhoseFlowIsInUseGoesThroughTheGate(
      String source, String client, String remaining) {
    ProfileOutcome before =
        decide(enforce("Declarations, Manifests, ObservedFlows", "Hold"), List.of());
    assertThat(before.phase()).isEqualTo(ProfileOutcome.Phase.ENFORCING);
    List<HasMetadata> applied = new ArrayList<>(before.plan().apply());

    ProfileOutcome held = decide(enforce(remaining, "Hold"), applied);

    assertThat(held.phase()).as("switching off " + source).isEqualTo(ProfileOutcome.Phase.HELD);
    assertThat(held.write()).isFalse();
    assertThat(held.plan().isNoop()).isTrue();
    DesiredCondition safe = condition(held, DesiredCondition.SAFE_TO_ENFORCE);
    assertThat(safe.status()).isFalse();
    assertThat(safe.message()).contains("shop/" + client);
    assertThat(held.blocked()).anySatisfy(f -> assertThat(f.toString()).contains(client));
    assertThat(held.events()).anySatisfy(e -> assertThat(e.reason()).isEqualTo("ChangeHeld"));

    ProfileOutcome accepted = decide(enforce(remaining, "Apply"), applied);
    assertThat(accepted.phase()).isEqualTo(ProfileOutcome.Phase.ENFORCING);
    assertThat(accepted.plan().isNoop()).as("the narrower policies are written").isFalse();
    List<HasMetadata> narrowed = new ArrayList<>(accepted.plan().apply());

    ProfileOutcome after = decide(enforce(remaining, "Hold"), narrowed);
    assertThat(after.phase()).isEqualTo(ProfileOutcome.Phase.ENFORCING);
    assertThat(condition(after, DesiredCondition.SAFE_TO_ENFORCE).status())
        .as("nothing that flows today is blocked any more")
        .isTrue();
  }

  private static String enforce(String sources, String onBlockedFlow) {
    return """
        mode: Enforce
        learning: {sources: [%s], minimumLearningPeriod: 0s}
        safety: {onBlockedFlow: %s}
        """
        .formatted(sources, onBlockedFlow);
  }

  private static ProfileOutcome decide(String specYaml, List<HasMetadata> policies) {
    return Decision.of(APP, specYaml).withPolicies(policies).withObserved(OBSERVED).decide();
  }

  private static DesiredCondition condition(ProfileOutcome outcome, String type) {
    return outcome.conditions().stream()
        .filter(c -> c.type().equals(type))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no condition " + type));
  }
}
