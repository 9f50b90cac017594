package dev.netseg.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.policy.K8s;
import dev.netseg.policy.PolicyEngine;
import dev.netseg.policy.UpstreamE2eCases.Step;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The upstream e2e cases where something changes after the policy is enforced ("updated namespace",
 * "updated pod", "deny ingress to updated pod", "enforce updated policy", "stop enforcing after
 * delete"), on packets: after each change, the whole probe matrix equals the engine's prediction
 * for what the API server then holds, and the upstream expectation.
 */
@Dataplane
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DynamicCasesOnPacketsIT {
  private static final List<String> PODS = List.of("x/a", "x/b", "x/c", "y/a", "y/b", "z/a");

  private final DataplaneFixture dataplane;
  private final ClusterDriver cluster;
  private E2eWorld world;

  DynamicCasesOnPacketsIT(DataplaneFixture dataplane) {
    this.dataplane = dataplane;
    this.cluster = dataplane.cluster();
  }

  @BeforeAll
  void createWorld() {
    world = E2eWorld.create(dataplane);
  }

  @AfterAll
  void removeWorld() {
    world.close();
  }

  @BeforeEach
  void startFromNothing() {
    world.reset();
    world.run(PODS);
  }

  @Test
  void ingressFromAnUpdatedNamespace() {
    cluster.apply(
        K8s.policy(
            "x",
            "allow-ns2-updated",
            """
            podSelector: {matchLabels: {pod: a}}
            ingress:
            - from:
              - namespaceSelector: {matchLabels: {ns2: updated}}
            """));
    packetsSay("before the label", "* -> x/a deny");
    cluster.relabelNamespace("y", Map.of("ns", "y", "ns2", "updated"));
    packetsSay("after labelling y", "* -> x/a deny", "y/* -> x/a allow");
  }

  @Test
  void ingressFromAnUpdatedPod() {
    cluster.apply(
        K8s.policy(
            "x",
            "allow-pod2-updated",
            """
            podSelector: {matchLabels: {pod: a}}
            ingress:
            - from:
              - podSelector: {matchLabels: {pod2: updated}}
            """));
    packetsSay("before the label", "* -> x/a deny");
    cluster.relabelPod("x", "b", Map.of("pod", "b", "pod2", "updated"));
    packetsSay("after labelling x/b", "* -> x/a deny", "x/b -> x/a allow");
    cluster.relabelPod("x", "b", Map.of("pod", "b"));
    packetsSay("after removing the label", "* -> x/a deny");
  }

  @Test
  void ingressDeniedToAnUpdatedPod() {
    cluster.apply(
        K8s.policy(
            "x",
            "deny-isolated",
            "podSelector: {matchLabels: {target: isolated}}\npolicyTypes: [Ingress]"));
    packetsSay("before the label");
    cluster.relabelPod("x", "a", Map.of("pod", "a", "target", "isolated"));
    packetsSay("after labelling x/a", "* -> x/a deny");
  }

  @Test
  void updatedPolicyIsEnforced() {
    cluster.apply(
        K8s.policy(
            "x",
            "allow-from",
            """
            podSelector: {matchLabels: {pod: a}}
            ingress:
            - from:
              - podSelector: {matchLabels: {pod: b}}
            """));
    packetsSay("allowing x/b", "* -> x/a deny", "x/b -> x/a allow");
    cluster.apply(
        K8s.policy(
            "x",
            "allow-from",
            """
            podSelector: {matchLabels: {pod: a}}
            ingress:
            - from:
              - podSelector: {matchLabels: {pod: c}}
            """));
    packetsSay("updated to allow x/c", "* -> x/a deny", "x/c -> x/a allow");
  }

  @Test
  void deletedPolicyStopsBeingEnforced() {
    cluster.apply(K8s.policy("x", "deny-all", "podSelector: {}\npolicyTypes: [Ingress, Egress]"));
    packetsSay("deny-all in x", "* -> x/* deny", "x/* -> * deny");
    cluster.deletePolicy("x", "deny-all");
    packetsSay("after deleting it");
  }

  /**
   * After kube-router has the change, the whole matrix equals the engine's prediction and the
   * upstream expectation (the overrides, on every port and protocol, to an all-allowed matrix).
   */
  private void packetsSay(String when, String... overrides) {
    cluster.sync();
    PolicyEngine engine = PolicyEngine.build(cluster.snapshot());
    Expectation predicted = Expectation.allowedIf(p -> engine.allows(p.connection()));
    List<Step> steps = Stream.of(overrides).map(Step::parse).toList();
    Expectation upstream =
        Expectation.allowedIf(
            p -> {
              boolean allowed = true;
              for (Step s : steps) {
                if (s.from().test(p.from().name()) && s.to().test(p.to().name())) {
                  allowed = s.allow();
                }
              }
              return allowed;
            });
    ProbeMatrix packets = Converge.measure(world.probes(PODS), predicted);
    assertThat(packets.disagreements(predicted))
        .as("%s: packets against the engine\n%s", when, packets.render(predicted))
        .isEmpty();
    assertThat(packets.disagreements(upstream))
        .as("%s: packets against the upstream expectation\n%s", when, packets.render(upstream))
        .isEmpty();
  }
}
