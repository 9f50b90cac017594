package dev.netseg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.policy.ClusterSnapshot;
import dev.netseg.policy.Connection;
import dev.netseg.policy.PolicyEngine;
import dev.netseg.policy.ReferenceEvaluator;
import org.junit.jupiter.api.Test;

/** The benchmark measures real work: the right size, correct answers, a mix of verdicts. */
class BenchmarkClusterTest {

  @Test
  void engineAgreesWithReferenceOnTheBenchmarkCluster() {
    ClusterSnapshot snapshot = BenchmarkCluster.snapshot(42);
    assertThat(snapshot.pods()).hasSize(10_000);
    assertThat(snapshot.namespaces()).hasSize(200);
    assertThat(snapshot.policies()).hasSize(2_000);

    PolicyEngine engine = PolicyEngine.build(snapshot);
    ReferenceEvaluator reference = new ReferenceEvaluator(snapshot);
    Connection[] connections = BenchmarkCluster.connections(snapshot, 1_500, 7);
    int allowed = 0;
    for (Connection c : connections) {
      boolean expected = reference.allows(c);
      assertThat(engine.allows(c)).as("%s", c).isEqualTo(expected);
      if (expected) {
        allowed++;
      }
    }
    assertThat(allowed).as("allowed of %d", connections.length).isBetween(150, 1_350);
  }
}
