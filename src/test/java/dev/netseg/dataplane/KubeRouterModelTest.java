package dev.netseg.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.policy.ClusterSnapshot;
import dev.netseg.policy.Connection;
import dev.netseg.policy.Endpoint;
import dev.netseg.policy.K8s;
import dev.netseg.policy.PolicyEngine;
import dev.netseg.policy.Protocol;
import inet.ipaddr.IPAddressString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link KubeRouterModel} with no deviation decides as the Kubernetes documentation does: it agrees
 * with {@link PolicyEngine} on every probe of random packet scenarios (so the deviations are the
 * only differences it adds), and each deviation changes the verdict where its description says.
 */
class KubeRouterModelTest {
  private static final String NODE = DataplaneFixture.NODE_IP;

  static LongStream seeds() {
    return LongStream.range(0, 200).map(i -> 7_000_000L + i);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void withoutDeviationsTheModelDecidesAsTheEngine(long seed) {
    ClusterSnapshot snapshot = stored(PacketScenarios.generate(seed));
    PolicyEngine engine = PolicyEngine.build(snapshot);
    KubeRouterModel documented =
        new KubeRouterModel(snapshot, NODE, EnumSet.noneOf(KubeRouterDeviation.class));
    for (Connection c : connections(snapshot)) {
      assertThat(documented.allows(c))
          .as(() -> "seed " + seed + ": " + engine.explain(c).explanation())
          .isEqualTo(Possible.of(engine.allows(c)));
    }
  }

  @Test
  void podToItsOwnNodeIsRefusedUnderEgressIsolation() {
    ClusterSnapshot s =
        snapshot(
            List.of(pod("x", "a", "10.1.0.1")),
            List.of(K8s.policy("x", "deny-egress", "podSelector: {}\npolicyTypes: [Egress]")));
    Connection toNode = conn(ref("x", "a"), addr(NODE), Protocol.TCP, 80);
    assertThat(documentedOnly(s).allows(toNode)).isEqualTo(Possible.ALLOWED);
    assertThat(KubeRouterModel.asItIs(s, NODE).allows(toNode)).isEqualTo(Possible.DENIED);
    assertThat(KubeRouterModel.asItIs(s, NODE).explain(toNode))
        .containsExactly(KubeRouterDeviation.POD_TO_OWN_NODE_NEEDS_EGRESS_RULE);
  }

  @Test
  void aBothTypesPolicysEgressRuleAdmitsIntoAPodItSelects() {
    ClusterSnapshot s =
        snapshot(
            List.of(pod("x", "a", "10.1.0.1"), pod("x", "b", "10.1.0.2")),
            List.of(
                K8s.policy(
                    "x",
                    "no-ingress-all-egress",
                    "podSelector: {}\npolicyTypes: [Ingress, Egress]\negress:\n- {}")));
    Connection ab = conn(ref("x", "a"), ref("x", "b"), Protocol.TCP, 80);
    assertThat(documentedOnly(s).allows(ab)).isEqualTo(Possible.DENIED);
    assertThat(KubeRouterModel.asItIs(s, NODE).allows(ab)).isEqualTo(Possible.ALLOWED);
    assertThat(KubeRouterModel.asItIs(s, NODE).explain(ab))
        .containsExactly(KubeRouterDeviation.BOTH_TYPES_POLICY_RULES_APPLY_IN_BOTH_DIRECTIONS);
  }

  private static KubeRouterModel documentedOnly(ClusterSnapshot s) {
    return new KubeRouterModel(s, NODE, EnumSet.noneOf(KubeRouterDeviation.class));
  }

  // ---- snapshots as the API server stores them ------------------------------------------------

  /** The scenario's objects as the API server would store them, pods running on the node. */
  static ClusterSnapshot stored(PacketScenario scenario) {
    List<Namespace> namespaces = new ArrayList<>();
    scenario
        .namespaceLabels()
        .forEach(
            (ns, labels) -> {
              Map<String, String> all = new java.util.LinkedHashMap<>(labels);
              all.put("kubernetes.io/metadata.name", ns);
              namespaces.add(K8s.namespace(ns, all));
            });
    List<Pod> pods = new ArrayList<>();
    for (int i = 0; i < scenario.pods().size(); i++) {
      pods.add(running(scenario.pods().get(i), scenario.podIps().get(i)));
    }
    return new ClusterSnapshot(
        namespaces,
        pods,
        scenario.policies().stream().map(KubeRouterModelTest::defaulted).toList());
  }

  private static ClusterSnapshot snapshot(List<Pod> pods, List<NetworkPolicy> policies) {
    return new ClusterSnapshot(
        List.of(K8s.namespace("x", Map.of("kubernetes.io/metadata.name", "x"))),
        pods,
        policies.stream().map(KubeRouterModelTest::defaulted).toList());
  }

  private static Pod pod(String ns, String name, String ip) {
    return running(K8s.pod(ns, name).label("pod", name).build(), ip);
  }

  private static Pod running(Pod pod, String ip) {
    return new PodBuilder(pod)
        .withNewStatus()
        .withPhase("Running")
        .withPodIP(ip)
        .addNewPodIP()
        .withIp(ip)
        .endPodIP()
        .withHostIP(NODE)
        .endStatus()
        .build();
  }

  /** The API server's defaults: policyTypes, and TCP for a port without a protocol. */
  static NetworkPolicy defaulted(NetworkPolicy policy) {
    NetworkPolicy p = new NetworkPolicyBuilder(policy).build();
    if (p.getSpec().getPolicyTypes() == null || p.getSpec().getPolicyTypes().isEmpty()) {
      List<String> types = new ArrayList<>(List.of("Ingress"));
      if (p.getSpec().getEgress() != null && !p.getSpec().getEgress().isEmpty()) {
        types.add("Egress");
      }
      p.getSpec().setPolicyTypes(types);
    }
    List<NetworkPolicyPort> ports = new ArrayList<>();
    if (p.getSpec().getIngress() != null) {
      p.getSpec().getIngress().forEach(r -> ports.addAll(orEmpty(r.getPorts())));
    }
    if (p.getSpec().getEgress() != null) {
      p.getSpec().getEgress().forEach(r -> ports.addAll(orEmpty(r.getPorts())));
    }
    ports.stream()
        .filter(port -> port.getProtocol() == null)
        .forEach(port -> port.setProtocol("TCP"));
    return p;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  /** Every connection the packet differential probes, plus the ports policies name. */
  private static List<Connection> connections(ClusterSnapshot s) {
    List<Endpoint> ends = new ArrayList<>();
    s.pods().forEach(p -> ends.add(ref(p.getMetadata().getNamespace(), p.getMetadata().getName())));
    ends.add(addr(PacketScenarios.OUTSIDE_IP));
    ends.add(addr(NODE));
    List<Connection> out = new ArrayList<>();
    for (Endpoint from : ends) {
      for (Endpoint to : ends) {
        if (from.equals(to)
            || (from instanceof Endpoint.Address && to instanceof Endpoint.Address)) {
          continue;
        }
        for (Protocol protocol : List.of(Protocol.TCP, Protocol.UDP)) {
          for (int port : new int[] {53, 80, 81, 82, 8080}) {
            out.add(conn(from, to, protocol, port));
          }
        }
      }
    }
    return out;
  }

  private static Endpoint.PodRef ref(String ns, String name) {
    return new Endpoint.PodRef(ns, name);
  }

  private static Endpoint.Address addr(String ip) {
    return new Endpoint.Address(new IPAddressString(ip).getAddress());
  }

  private static Connection conn(Endpoint from, Endpoint to, Protocol protocol, int port) {
    return new Connection(from, to, protocol, port);
  }
}
