package dev.netseg.policy;

import static dev.netseg.policy.Protocol.SCTP;
import static dev.netseg.policy.Protocol.TCP;
import static dev.netseg.policy.Protocol.UDP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import inet.ipaddr.IPAddressString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Behaviour beyond the e2e table: special cases, IPv6, named ports, explanations. */
class PolicyEngineTest {
  private static final String DENY_ALL = "podSelector: {}\npolicyTypes: [Ingress, Egress]";

  private final List<Namespace> namespaces = new ArrayList<>();
  private final List<Pod> pods = new ArrayList<>();
  private final List<NetworkPolicy> policies = new ArrayList<>();

  @Test
  void podAlwaysReachesItself() {
    pods.add(K8s.pod("x", "a").ip("10.0.0.1").build());
    policies.add(K8s.policy("x", "deny-all", DENY_ALL));
    PolicyEngine e = engine();
    assertThat(e.allows(conn(pod("x/a"), pod("x/a"), TCP, 80))).isTrue();
    assertThat(e.allows(conn(addr("10.0.0.1"), pod("x/a"), TCP, 80))).isTrue();
    assertThat(e.allows(conn(pod("x/a"), addr("10.0.0.2"), TCP, 80))).isFalse();
    assertThat(e.explain(conn(pod("x/a"), pod("x/a"), TCP, 80)).explanation())
        .isEqualTo("x/a -> x/a TCP 80: allowed: same pod: a pod may always reach itself");
    assertThat(e.allowedConnections(pod("x/a"), pod("x/a"))).isEqualTo(ConnectionSet.all());
  }

  @Test
  void trafficBetweenPodAndItsOwnNodeIsAlwaysAllowed() {
    nodesWithHostNetworkPods();
    policies.add(K8s.policy("x", "deny-all", DENY_ALL));
    PolicyEngine e = engine();
    assertThat(e.allows(conn(addr("192.168.0.1"), pod("x/a"), TCP, 8080))).isTrue();
    assertThat(e.allows(conn(pod("x/a"), addr("192.168.0.1"), UDP, 53))).isTrue();
    assertThat(e.allows(conn(addr("192.168.0.2"), pod("x/a"), TCP, 8080))).isFalse();
    assertThat(e.allows(conn(pod("x/a"), addr("192.168.0.2"), TCP, 8080))).isFalse();
    // a hostNetwork pod is its node
    assertThat(e.allows(conn(pod("kube-system/agent-1"), pod("x/a"), TCP, 8080))).isTrue();
    assertThat(e.allows(conn(pod("x/a"), pod("kube-system/agent-1"), TCP, 8080))).isTrue();
    assertThat(e.allows(conn(pod("kube-system/agent-2"), pod("x/a"), TCP, 8080))).isFalse();
    assertThat(e.allows(conn(pod("x/a"), pod("kube-system/agent-2"), TCP, 8080))).isFalse();
    assertThat(e.explain(conn(addr("192.168.0.1"), pod("x/a"), TCP, 8080)).explanation())
        .isEqualTo(
            "192.168.0.1 -> x/a TCP 8080: allowed: node traffic: 192.168.0.1 is the node of x/a,"
                + " always allowed");
    assertThat(e.explain(conn(pod("kube-system/agent-1"), pod("x/a"), TCP, 1)).explanation())
        .isEqualTo(
            "kube-system/agent-1 -> x/a TCP 1: allowed: node traffic: hostNetwork pod"
                + " kube-system/agent-1 runs on the node of x/a, always allowed");
  }

  @Test
  void hostNetworkPodsAreNeverIsolatedAndOnlyIpBlocksMatchThem() {
    nodesWithHostNetworkPods();
    policies.add(K8s.policy("kube-system", "deny-all", DENY_ALL));
    policies.add(
        K8s.policy(
            "x",
            "from-everything-by-selector",
            """
            podSelector: {matchLabels: {app: b}}
            ingress:
            - from:
              - namespaceSelector: {}
            """));
    PolicyEngine e = engine();
    // deny-all in kube-system selects no hostNetwork pod
    assertThat(e.allows(conn(addr("8.8.8.8"), pod("kube-system/agent-2"), TCP, 10250))).isTrue();
    assertThat(e.allows(conn(pod("kube-system/agent-2"), addr("8.8.8.8"), TCP, 443))).isTrue();
    assertThat(e.explain(conn(addr("8.8.8.8"), pod("kube-system/agent-2"), TCP, 1)).explanation())
        .isEqualTo(
            "8.8.8.8 -> kube-system/agent-2 TCP 1: allowed: egress of 8.8.8.8: an external address"
                + " has no policy; ingress of kube-system/agent-2: hostNetwork pod, never isolated");
    // a namespaceSelector matching every namespace still does not match a hostNetwork pod
    assertThat(e.allows(conn(pod("x/a"), pod("x/b"), TCP, 80))).isTrue();
    assertThat(e.allows(conn(pod("kube-system/agent-1"), pod("x/b"), TCP, 80))).isFalse();

    policies.add(
        K8s.policy(
            "x",
            "from-node-2",
            """
            podSelector: {matchLabels: {app: b}}
            ingress:
            - from:
              - ipBlock: {cidr: 192.168.0.1/32}
            """));
    PolicyEngine withIpBlock = engine();
    assertThat(withIpBlock.allows(conn(pod("kube-system/agent-1"), pod("x/b"), TCP, 80))).isTrue();
    assertThat(withIpBlock.allows(conn(addr("192.168.0.1"), pod("x/b"), TCP, 80))).isTrue();
  }

  @Test
  void ipv6IpBlockWithExcept() {
    pods.add(K8s.pod("x", "a").ip("10.0.0.1").ip("fd00::1").build());
    policies.add(
        K8s.policy(
            "x",
            "v6-only",
            """
            podSelector: {}
            ingress:
            - from:
              - ipBlock: {cidr: "fd00::/64", except: ["fd00::/120"]}
            """));
    PolicyEngine e = engine();
    assertThat(e.allows(conn(addr("fd00::1:0"), pod("x/a"), TCP, 80))).isTrue();
    assertThat(e.allows(conn(addr("fd00::ff"), pod("x/a"), TCP, 80))).isFalse();
    assertThat(e.allows(conn(addr("fd00::100"), pod("x/a"), TCP, 80))).isTrue();
    assertThat(e.allows(conn(addr("fd00:0:0:1::"), pod("x/a"), TCP, 80))).isFalse();
    assertThat(e.allows(conn(addr("10.0.0.5"), pod("x/a"), TCP, 80))).isFalse();
  }

  @Test
  void ipBlockMatchesAPodByAnyOfItsIps() {
    pods.add(K8s.pod("x", "a").ip("10.0.0.1").build());
    pods.add(K8s.pod("x", "dual").ip("10.0.0.2").ip("fd00::2").build());
    pods.add(K8s.pod("x", "template").build());
    policies.add(
        K8s.policy(
            "x",
            "from-v6",
            """
            podSelector: {matchLabels: {app: a}}
            ingress:
            - from:
              - ipBlock: {cidr: "::/0"}
            """));
    pods.set(0, K8s.pod("x", "a").label("app", "a").ip("10.0.0.1").build());
    PolicyEngine e = engine();
    assertThat(e.allows(conn(pod("x/dual"), pod("x/a"), TCP, 80))).isTrue();
    assertThat(e.allows(conn(addr("10.0.0.2"), pod("x/a"), TCP, 80))).isTrue();
    assertThat(e.allows(conn(pod("x/template"), pod("x/a"), TCP, 80))).isFalse();
  }

  @Test
  void anAddressThatIsAPodIpIsThatPod() {
    pods.add(K8s.pod("x", "a").label("app", "a").ip("10.0.0.1").build());
    pods.add(K8s.pod("x", "b").ip("10.0.0.2").build());
    policies.add(
        K8s.policy(
            "x",
            "from-a",
            """
            podSelector: {}
            ingress:
            - from:
              - podSelector: {matchLabels: {app: a}}
            """));
    PolicyEngine e = engine();
    assertThat(e.allows(conn(addr("10.0.0.1"), pod("x/b"), TCP, 80))).isTrue();
    assertThat(e.allows(conn(addr("10.0.0.9"), pod("x/b"), TCP, 80))).isFalse();
    assertThat(e.explain(conn(addr("10.0.0.9"), pod("x/b"), TCP, 80)).explanation())
        .isEqualTo(
            "10.0.0.9 -> x/b TCP 80: denied: ingress of x/b is isolated by x/from-a and no rule"
                + " allows 10.0.0.9; egress of 10.0.0.9: an external address has no policy");
    assertThat(e.explain(conn(addr("10.0.0.2"), pod("x/a"), TCP, 80)).explanation())
        .isEqualTo(
            "10.0.0.2 -> x/a TCP 80: denied: ingress of x/a is isolated by x/from-a and no rule"
                + " allows x/b (10.0.0.2); egress of x/b (10.0.0.2): not isolated");
  }

  @Test
  void unknownPodIsRefusedByName() {
    PolicyEngine e = engine();
    assertThatThrownBy(() -> e.allows(conn(pod("x/nope"), addr("8.8.8.8"), TCP, 80)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x/nope");
    assertThatThrownBy(() -> e.allowedConnections(addr("8.8.8.8"), pod("x/nope")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x/nope");
  }

  @Test
  void allowedConnectionsIntersectsEgressAndIngressWithNamedPortsResolvedOnTheDestination() {
    pods.add(K8s.pod("x", "client").label("app", "client").ip("10.0.0.1").build());
    pods.add(
        K8s.pod("x", "server")
            .label("app", "server")
            .ip("10.0.0.2")
            .port("dns", UDP, 53)
            .port("dns-tcp", TCP, 53)
            .port("web", TCP, 8443)
            .build());
    policies.add(
        K8s.policy(
            "x",
            "server-in",
            """
            podSelector: {matchLabels: {app: server}}
            ingress:
            - ports:
              - port: 80
              - {port: 8000, endPort: 8100}
              - {port: dns, protocol: UDP}
              - {port: web, protocol: UDP}
            """));
    policies.add(
        K8s.policy(
            "x",
            "client-out",
            """
            podSelector: {matchLabels: {app: client}}
            policyTypes: [Egress]
            egress:
            - ports:
              - protocol: TCP
            - ports:
              - port: dns
                protocol: UDP
            """));
    PolicyEngine e = engine();
    assertThat(e.allowedConnections(pod("x/client"), pod("x/server")))
        .hasToString("TCP 80,8000-8100,UDP 53");
    assertThat(e.allowedConnections(addr("1.2.3.4"), pod("x/server")))
        .hasToString("TCP 80,8000-8100,UDP 53");
    // the client's named egress port resolves on the destination: an address has no named ports
    assertThat(e.allowedConnections(pod("x/client"), addr("1.2.3.4"))).hasToString("TCP 1-65535");
    assertThat(e.allowedConnections(pod("x/server"), pod("x/client")))
        .isEqualTo(ConnectionSet.all());
    // "web" is TCP on the pod, so a UDP "web" entry allows nothing
    assertThat(e.allows(conn(addr("1.2.3.4"), pod("x/server"), TCP, 8443))).isFalse();
    assertThat(e.allows(conn(addr("1.2.3.4"), pod("x/server"), UDP, 8443))).isFalse();
    assertThat(e.allows(conn(addr("1.2.3.4"), pod("x/server"), SCTP, 80))).isFalse();
  }

  @Test
  void explainsWhichPolicySelectsAndWhichRuleAllows() {
    pods.add(K8s.pod("x", "a").label("pod", "a").build());
    pods.add(K8s.pod("x", "b").label("pod", "b").build());
    pods.add(K8s.pod("x", "c").label("pod", "c").build());
    policies.add(
        K8s.policy(
            "x",
            "allow-b",
            """
            podSelector: {matchLabels: {pod: a}}
            ingress:
            - from:
              - podSelector: {matchLabels: {pod: c}}
              ports:
              - port: 81
            - from:
              - podSelector: {matchLabels: {pod: c}}
            """));
    PolicyEngine e = engine();
    Decision denied = e.explain(conn(pod("x/b"), pod("x/a"), TCP, 80));
    assertThat(denied.explanation())
        .isEqualTo(
            "x/b -> x/a TCP 80: denied: ingress of x/a is isolated by x/allow-b and no rule allows"
                + " x/b; egress of x/b: not isolated");
    assertThat(denied.ingress().selectingPolicies()).containsExactly("x/allow-b");
    assertThat(denied.ingress().allowedBy()).isEmpty();
    assertThat(denied.egress().selectingPolicies()).isEmpty();

    Decision allowed = e.explain(conn(pod("x/c"), pod("x/a"), TCP, 80));
    assertThat(allowed.allowed()).isTrue();
    assertThat(allowed.ingress().allowedBy()).contains(new RuleRef("x/allow-b", "ingress", 1));
    assertThat(allowed.explanation())
        .isEqualTo(
            "x/c -> x/a TCP 80: allowed: egress of x/c: not isolated; ingress of x/a: allowed by"
                + " x/allow-b ingress rule 1");
    assertThat(e.explain(conn(pod("x/c"), pod("x/a"), TCP, 81)).ingress().allowedBy())
        .isEqualTo(Optional.of(new RuleRef("x/allow-b", "ingress", 0)));
  }

  @Test
  void explainsAPortMismatchWithThePortsThatWouldBeAllowed() {
    pods.add(K8s.pod("x", "a").label("pod", "a").build());
    pods.add(K8s.pod("x", "b").label("pod", "b").build());
    policies.add(
        K8s.policy(
            "x",
            "b-out",
            """
            podSelector: {matchLabels: {pod: b}}
            policyTypes: [Egress]
            egress:
            - to:
              - podSelector: {matchLabels: {pod: a}}
              ports:
              - port: 443
            """));
    Decision d = engine().explain(conn(pod("x/b"), pod("x/a"), TCP, 80));
    assertThat(d.explanation())
        .isEqualTo(
            "x/b -> x/a TCP 80: denied: egress of x/b is isolated by x/b-out and no rule allows"
                + " x/a on TCP 80 (rules matching x/a allow TCP 443); ingress of x/a: not"
                + " isolated");
  }

  @Test
  void aPolicyWithEgressRulesAndNoPolicyTypesIsolatesBothDirections() {
    pods.add(K8s.pod("x", "a").label("pod", "a").build());
    pods.add(K8s.pod("x", "b").label("pod", "b").build());
    policies.add(
        K8s.policy(
            "x",
            "egress-only-rules",
            """
            podSelector: {matchLabels: {pod: a}}
            egress:
            - {}
            """));
    PolicyEngine e = engine();
    assertThat(e.allows(conn(pod("x/a"), pod("x/b"), TCP, 80))).isTrue();
    assertThat(e.allows(conn(pod("x/b"), pod("x/a"), TCP, 80))).isFalse();
  }

  @Test
  void namespacesAlwaysCarryTheirNameLabel() {
    namespaces.add(K8s.namespace("x", Map.of("kubernetes.io/metadata.name", "spoofed")));
    pods.add(K8s.pod("x", "a").build());
    pods.add(K8s.pod("undeclared", "b").build());
    pods.add(K8s.pod("x", "server").label("app", "server").build());
    policies.add(
        K8s.policy(
            "x",
            "from-named",
            """
            podSelector: {matchLabels: {app: server}}
            ingress:
            - from:
              - namespaceSelector:
                  matchExpressions:
                  - {key: kubernetes.io/metadata.name, operator: In, values: [x, undeclared]}
            """));
    PolicyEngine e = engine();
    assertThat(e.allows(conn(pod("x/a"), pod("x/server"), TCP, 80))).isTrue();
    assertThat(e.allows(conn(pod("undeclared/b"), pod("x/server"), TCP, 80))).isTrue();
  }

  @Test
  void aRuleListThatIsEmptyAllowsNothingWhileAnEmptyRuleAllowsEverything() {
    pods.add(K8s.pod("x", "a").label("pod", "a").build());
    pods.add(K8s.pod("x", "b").label("pod", "b").build());
    policies.add(K8s.policy("x", "no-rules", "podSelector: {matchLabels: {pod: a}}\ningress: []"));
    policies.add(
        K8s.policy("x", "empty-rule", "podSelector: {matchLabels: {pod: b}}\ningress: [{}]"));
    PolicyEngine e = engine();
    assertThat(e.allowedConnections(pod("x/b"), pod("x/a"))).isEqualTo(ConnectionSet.none());
    assertThat(e.allowedConnections(pod("x/a"), pod("x/b"))).isEqualTo(ConnectionSet.all());
    assertThat(e.allowedConnections(addr("8.8.8.8"), pod("x/b"))).isEqualTo(ConnectionSet.all());
  }

  // ---- fixtures ---------------------------------------------------------------------------------

  /** Node 1 (192.168.0.1) runs x/a and agent-1; node 2 (192.168.0.2) runs x/b and agent-2. */
  private void nodesWithHostNetworkPods() {
    pods.add(K8s.pod("x", "a").label("app", "a").ip("10.0.0.1").hostIp("192.168.0.1").build());
    pods.add(K8s.pod("x", "b").label("app", "b").ip("10.0.1.1").hostIp("192.168.0.2").build());
    pods.add(
        K8s.pod("kube-system", "agent-1")
            .hostNetwork()
            .ip("192.168.0.1")
            .hostIp("192.168.0.1")
            .build());
    pods.add(K8s.pod("kube-system", "agent-2").hostNetwork().hostIp("192.168.0.2").build());
  }

  private PolicyEngine engine() {
    ClusterSnapshot snapshot = new ClusterSnapshot(namespaces, pods, policies);
    return PolicyEngine.build(snapshot);
  }

  private static Endpoint.PodRef pod(String id) {
    String[] p = id.split("/");
    return new Endpoint.PodRef(p[0], p[1]);
  }

  private static Endpoint.Address addr(String ip) {
    return new Endpoint.Address(new IPAddressString(ip).getAddress());
  }

  private static Connection conn(Endpoint src, Endpoint dst, Protocol protocol, int port) {
    return new Connection(src, dst, protocol, port);
  }
}
