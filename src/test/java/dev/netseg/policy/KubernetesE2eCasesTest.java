package dev.netseg.policy;

import static dev.netseg.policy.Protocol.TCP;
import static dev.netseg.policy.UpstreamE2eCases.NAMESPACES;
import static dev.netseg.policy.UpstreamE2eCases.e2ePod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.policy.UpstreamE2eCases.Case;
import dev.netseg.policy.UpstreamE2eCases.Probe;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine (and the reference evaluator the property tests trust) reproduce every upstream e2e
 * reachability matrix restated in {@link UpstreamE2eCases}.
 */
class KubernetesE2eCasesTest {

  static Stream<Case> cases() {
    return UpstreamE2eCases.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void engineReproducesTheUpstreamReachabilityMatrix(Case c) {
    PolicyEngine engine = PolicyEngine.build(c.snapshot());
    for (Probe probe : c.probes()) {
      String expected = c.table(probe, (src, dst) -> c.expected(probe, src, dst));
      assertThat(c.table(probe, (src, dst) -> engine.allows(conn(src, dst, probe))))
          .as("allows, %s %d", probe.protocol(), probe.port())
          .isEqualTo(expected);
      assertThat(c.table(probe, (src, dst) -> engine.explain(conn(src, dst, probe)).allowed()))
          .as("explain, %s %d", probe.protocol(), probe.port())
          .isEqualTo(expected);
      assertThat(
              c.table(
                  probe,
                  (src, dst) ->
                      engine
                          .allowedConnections(ref(src), ref(dst))
                          .contains(probe.protocol(), probe.port())))
          .as("allowedConnections, %s %d", probe.protocol(), probe.port())
          .isEqualTo(expected);
    }
  }

  /** The property test trusts the reference evaluator, so it must pass the same table. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void referenceEvaluatorReproducesTheUpstreamReachabilityMatrix(Case c) {
    ReferenceEvaluator reference = new ReferenceEvaluator(c.snapshot());
    for (Probe probe : c.probes()) {
      assertThat(c.table(probe, (src, dst) -> reference.allows(conn(src, dst, probe))))
          .as("%s %d", probe.protocol(), probe.port())
          .isEqualTo(c.table(probe, (src, dst) -> c.expected(probe, src, dst)));
    }
  }

  /**
   * The e2e "dynamic" cases: the engine is an immutable snapshot, so a change is a rebuild, and the
   * rebuilt engine must follow the new labels and policies.
   */
  @Test
  void rebuiltEngineFollowsUpdatedNamespacePodAndDeletedPolicy() {
    NetworkPolicy fromNsY =
        K8s.policy(
            "x",
            "allow-ns-y",
            """
            podSelector: {matchLabels: {pod: a}}
            ingress:
            - from:
              - namespaceSelector: {matchLabels: {ns: y}}
            """);
    NetworkPolicy fromPodB =
        K8s.policy(
            "x",
            "allow-b",
            """
            podSelector: {matchLabels: {pod: a}}
            ingress:
            - from:
              - podSelector: {matchLabels: {pod: b}}
            """);
    List<Namespace> namespaces =
        new ArrayList<>(NAMESPACES.stream().map(n -> K8s.namespace(n, Map.of("ns", n))).toList());
    List<Pod> pods = new ArrayList<>(List.of(e2ePod("x/a"), e2ePod("x/c"), e2ePod("z/a")));
    Connection fromZ = new Connection(ref("z/a"), ref("x/a"), TCP, 80);
    Connection fromC = new Connection(ref("x/c"), ref("x/a"), TCP, 80);

    assertThat(build(namespaces, pods, fromNsY).allows(fromZ)).isFalse();
    namespaces.set(2, K8s.namespace("z", Map.of("ns", "y"))); // updated namespace
    assertThat(build(namespaces, pods, fromNsY).allows(fromZ)).isTrue();

    assertThat(build(namespaces, pods, fromPodB).allows(fromC)).isFalse();
    Pod relabelled = e2ePod("x/c");
    relabelled.getMetadata().getLabels().put("pod", "b"); // updated pod
    pods.set(1, relabelled);
    assertThat(build(namespaces, pods, fromPodB).allows(fromC)).isTrue();

    pods.set(1, e2ePod("x/c"));
    assertThat(build(namespaces, pods, fromPodB).allows(fromC)).isFalse();
    PolicyEngine deleted = PolicyEngine.build(new ClusterSnapshot(namespaces, pods, List.of()));
    assertThat(deleted.allows(fromC)).isTrue(); // stop enforcing after delete
  }

  private static PolicyEngine build(List<Namespace> ns, List<Pod> pods, NetworkPolicy policy) {
    return PolicyEngine.build(new ClusterSnapshot(ns, pods, List.of(policy)));
  }

  private static Endpoint.PodRef ref(String id) {
    String[] p = id.split("/");
    return new Endpoint.PodRef(p[0], p[1]);
  }

  private static Connection conn(String src, String dst, Probe probe) {
    return new Connection(ref(src), ref(dst), probe.protocol(), probe.port());
  }
}
