package dev.netseg.dataplane;

import dev.netseg.policy.K8s;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import java.util.Map;

/**
 * One random cluster that the dataplane can realise: namespaces with labels, pods (each at the
 * address of one host of the scenario world) and NetworkPolicies.
 *
 * @param namespaceLabels the labels of x, y and z (the API server adds the name label)
 * @param pods the pods, in host order: pod {@code i} runs at {@code podIps.get(i)}
 */
record PacketScenario(
    long seed,
    Map<String, Map<String, String>> namespaceLabels,
    List<Pod> pods,
    List<String> podIps,
    List<NetworkPolicy> policies) {

  /** The whole scenario as YAML, to reproduce or read a failure. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("seed ").append(seed).append('\n');
    namespaceLabels.forEach(
        (ns, labels) -> sb.append("namespace ").append(ns).append(' ').append(labels).append('\n'));
    for (int i = 0; i < pods.size(); i++) {
      sb.append("# at ").append(podIps.get(i)).append('\n').append(K8s.yaml(pods.get(i)));
    }
    policies.forEach(p -> sb.append(K8s.yaml(p)));
    return sb.toString();
  }
}
