package dev.netseg.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;

class WidenOnlyTest {

  private static NetworkPolicy policy(String name, String app, String types, int... ports) {
    StringBuilder ingress = new StringBuilder();
    for (int port : ports) {
      ingress.append("  - ports: [{port: %d, protocol: TCP}]\n".formatted(port));
    }
    return Serialization.unmarshal(
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: %s, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: %s}}
          policyTypes: [%s]
          ingress:
        %s  egress:
          - ports: [{port: 53, protocol: UDP}]
        """
            .formatted(name, app, types, ingress),
        NetworkPolicy.class);
  }

  private static List<Integer> ingressPorts(NetworkPolicy p) {
    return p.getSpec().getIngress().stream()
        .flatMap(r -> r.getPorts().stream())
        .map(port -> port.getPort().getIntVal())
        .toList();
  }

  @Test
  void keepsRulesTheDesiredSetWouldDrop() {
    WidenOnly.Result r =
        WidenOnly.merge(
            List.of(policy("cart", "cart", "Ingress", 8080, 9090)),
            List.of(policy("cart", "cart", "Ingress", 8080, 7070)));
    assertThat(r.policies())
        .singleElement()
        .satisfies(p -> assertThat(ingressPorts(p)).containsExactly(8080, 9090, 7070));
    assertThat(r.heldBack()).isEmpty();
  }

  @Test
  void neverAddsANewDirectionOfIsolation() {
    WidenOnly.Result r =
        WidenOnly.merge(
            List.of(policy("cart", "cart", "Ingress", 8080)),
            List.of(policy("cart", "cart", "Ingress, Egress", 8080)));
    NetworkPolicy merged = r.policies().get(0);
    assertThat(merged.getSpec().getPolicyTypes()).containsExactly("Ingress");
  }

  @Test
  void holdsBackNewPoliciesAndSelectorChangesAndKeepsUnwantedOnes() {
    WidenOnly.Result r =
        WidenOnly.merge(
            List.of(policy("cart", "cart", "Ingress", 8080), policy("old", "old", "Ingress", 1)),
            List.of(
                policy("cart", "cart-v2", "Ingress", 8080), policy("new", "new", "Ingress", 2)));
    assertThat(r.policies())
        .extracting(p -> p.getMetadata().getName())
        .containsExactly("cart", "old");
    assertThat(r.policies().get(0).getSpec().getPodSelector().getMatchLabels())
        .containsEntry("app", "cart");
    assertThat(r.heldBack()).containsExactly("cart", "new");
  }
}
