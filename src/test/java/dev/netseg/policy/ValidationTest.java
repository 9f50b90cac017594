package dev.netseg.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every invalid policy is refused with a message naming the policy and the field. */
class ValidationTest {

  static Stream<Arguments> invalidPolicies() {
    return Stream.of(
        Arguments.of(
            """
            podSelector: {}
            ingress:
            - from:
              - podSelector: {}
              - ipBlock: {cidr: 10.0.0/8}
            """,
            "NetworkPolicy x/p: spec.ingress[0].from[1].ipBlock.cidr: \"10.0.0/8\" is not a valid"
                + " CIDR"),
        Arguments.of(
            "podSelector: {}\negress:\n- to:\n  - ipBlock: {cidr: 10.0.0.1}",
            "NetworkPolicy x/p: spec.egress[0].to[0].ipBlock.cidr: \"10.0.0.1\" is not a valid"
                + " CIDR"),
        Arguments.of(
            "podSelector: {}\negress:\n- to:\n  - ipBlock: {cidr: 10.0.0.0/33}",
            "NetworkPolicy x/p: spec.egress[0].to[0].ipBlock.cidr: \"10.0.0.0/33\" is not a valid"
                + " CIDR"),
        Arguments.of(
            "podSelector: {}\ningress:\n- from:\n  - ipBlock: {cidr: 10.0.0.0/16, except:"
                + " [10.1.0.0/24]}",
            "NetworkPolicy x/p: spec.ingress[0].from[0].ipBlock.except[0]: \"10.1.0.0/24\" is not"
                + " a strict subset of cidr \"10.0.0.0/16\""),
        Arguments.of(
            "podSelector: {}\ningress:\n- from:\n  - ipBlock: {cidr: 10.0.0.0/16, except:"
                + " [10.0.0.0/16]}",
            "NetworkPolicy x/p: spec.ingress[0].from[0].ipBlock.except[0]: \"10.0.0.0/16\" is not"
                + " a strict subset of cidr \"10.0.0.0/16\""),
        Arguments.of(
            "podSelector: {}\ningress:\n- from:\n  - ipBlock: {cidr: 10.0.0.0/16, except:"
                + " [fd00::/64]}",
            "NetworkPolicy x/p: spec.ingress[0].from[0].ipBlock.except[0]: \"fd00::/64\" is not a"
                + " strict subset of cidr \"10.0.0.0/16\""),
        Arguments.of(
            "podSelector:\n  matchExpressions: [{key: app, operator: Equals, values: [a]}]",
            "NetworkPolicy x/p: spec.podSelector.matchExpressions[0].operator: \"Equals\" is not a"
                + " valid selector operator (In, NotIn, Exists, DoesNotExist)"),
        Arguments.of(
            "podSelector: {}\ningress:\n- from:\n  - namespaceSelector:\n      matchExpressions:"
                + " [{key: team, operator: In}]",
            "NetworkPolicy x/p: spec.ingress[0].from[0].namespaceSelector.matchExpressions[0]"
                + ".values: must be non-empty for operator In"),
        Arguments.of(
            "podSelector: {}\ningress:\n- from:\n  - podSelector:\n      matchExpressions:"
                + " [{key: app, operator: Exists, values: [a]}]",
            "NetworkPolicy x/p: spec.ingress[0].from[0].podSelector.matchExpressions[0].values:"
                + " must be empty for operator Exists"),
        Arguments.of(
            "podSelector: {}\ningress:\n- ports:\n  - port: 70000",
            "NetworkPolicy x/p: spec.ingress[0].ports[0].port: 70000 is out of range 1-65535"),
        Arguments.of(
            "podSelector: {}\ningress:\n- ports:\n  - port: 0",
            "NetworkPolicy x/p: spec.ingress[0].ports[0].port: 0 is out of range 1-65535"),
        Arguments.of(
            "podSelector: {}\ningress:\n- ports:\n  - {port: 80, endPort: 70000}",
            "NetworkPolicy x/p: spec.ingress[0].ports[0].endPort: 70000 is out of range 1-65535"),
        Arguments.of(
            "podSelector: {}\ningress:\n- ports:\n  - {protocol: ICMP, port: 80}",
            "NetworkPolicy x/p: spec.ingress[0].ports[0].protocol: \"ICMP\" is not a valid"
                + " protocol (TCP, UDP, SCTP)"),
        Arguments.of(
            "podSelector: {}\ningress:\n- ports:\n  - {protocol: tcp, port: 80}",
            "NetworkPolicy x/p: spec.ingress[0].ports[0].protocol: \"tcp\" is not a valid"
                + " protocol (TCP, UDP, SCTP)"),
        Arguments.of(
            "podSelector: {}\negress:\n- ports:\n  - {port: 80}\n  - {port: 90, endPort: 80}",
            "NetworkPolicy x/p: spec.egress[0].ports[1].endPort: 80 is less than port 90"),
        Arguments.of(
            "podSelector: {}\ningress:\n- ports:\n  - {port: http, endPort: 90}",
            "NetworkPolicy x/p: spec.ingress[0].ports[0].endPort: not allowed with a named port"
                + " \"http\""),
        Arguments.of(
            "podSelector: {}\ningress:\n- ports:\n  - {protocol: UDP, endPort: 90}",
            "NetworkPolicy x/p: spec.ingress[0].ports[0].endPort: requires a numeric port"),
        Arguments.of(
            "podSelector: {}\ningress:\n- ports:\n  - port: \"80\"",
            "NetworkPolicy x/p: spec.ingress[0].ports[0].port: \"80\" is not a port number or a"
                + " valid port name (IANA_SVC_NAME)"),
        Arguments.of(
            "podSelector: {}\ningress:\n- ports:\n  - port: Serve_HTTP",
            "NetworkPolicy x/p: spec.ingress[0].ports[0].port: \"Serve_HTTP\" is not a port number"
                + " or a valid port name (IANA_SVC_NAME)"),
        Arguments.of(
            """
            podSelector: {}
            ingress:
            - from:
              - ipBlock: {cidr: 10.0.0.0/8}
                podSelector: {matchLabels: {app: a}}
            """,
            "NetworkPolicy x/p: spec.ingress[0].from[0]: ipBlock cannot be combined with"
                + " podSelector or namespaceSelector"),
        Arguments.of(
            "podSelector: {}\ningress:\n- from:\n  - {}",
            "NetworkPolicy x/p: spec.ingress[0].from[0]: must specify podSelector,"
                + " namespaceSelector or ipBlock"),
        Arguments.of(
            "podSelector: {}\npolicyTypes: [Ingress, Outbound]",
            "NetworkPolicy x/p: spec.policyTypes[1]: \"Outbound\" is not a valid policy type"
                + " (Ingress, Egress)"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("invalidPolicies")
  void refusesInvalidPolicyNamingObjectAndField(String spec, String message) {
    ClusterSnapshot snapshot =
        new ClusterSnapshot(List.of(), List.of(), List.of(K8s.policy("x", "p", spec)));
    assertThatThrownBy(() -> PolicyEngine.build(snapshot))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessage(message);
  }

  @Test
  void acceptsHostBitsInCidrAsTheApiServerDoes() {
    NetworkPolicy p =
        K8s.policy("x", "p", "podSelector: {}\ningress:\n- from:\n  - ipBlock: {cidr: 10.1.2.3/8}");
    PolicyEngine engine = PolicyEngine.build(new ClusterSnapshot(List.of(), List.of(), List.of(p)));
    assertThat(engine.externalRanges()).hasSize(3 + 1);
  }

  @Test
  void refusesPodWithInvalidIp() {
    Pod pod = K8s.pod("x", "a").ip("10.0.0.300").build();
    assertThatThrownBy(
            () -> PolicyEngine.build(new ClusterSnapshot(List.of(), List.of(pod), List.of())))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessage("Pod x/a: status.podIPs[0].ip: \"10.0.0.300\" is not a valid IP address");
  }

  @Test
  void refusesDuplicatePodsAndPolicies() {
    Pod a = K8s.pod("x", "a").build();
    assertThatThrownBy(
            () -> PolicyEngine.build(new ClusterSnapshot(List.of(), List.of(a, a), List.of())))
        .hasMessage("Pod x/a: metadata.name: duplicate pod in the snapshot");
    NetworkPolicy p = K8s.policy("x", "p", "podSelector: {}");
    assertThatThrownBy(
            () -> PolicyEngine.build(new ClusterSnapshot(List.of(), List.of(), List.of(p, p))))
        .hasMessage("NetworkPolicy x/p: metadata.name: duplicate policy in the snapshot");
  }

  @Test
  void refusesPodWithoutName() {
    Pod pod = new PodBuilder().withNewMetadata().withNamespace("x").endMetadata().build();
    assertThatThrownBy(
            () -> PolicyEngine.build(new ClusterSnapshot(List.of(), List.of(pod), List.of())))
        .hasMessage("Pod x/<unnamed>: metadata.name: missing");
  }
}
