package dev.netseg.policy;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;

/**
 * The objects that decide connectivity, as fabric8 model objects: namespaces (their labels), pods
 * (labels, IPs in {@code status.podIPs}/{@code status.podIP}, node IP in {@code status.hostIP},
 * container ports, {@code spec.hostNetwork}) and network policies.
 *
 * <p>Namespaces that pods or policies reference but that are missing here are treated as existing
 * with the single label {@code kubernetes.io/metadata.name=<name>}, as the API server sets it.
 */
public record ClusterSnapshot(
    List<Namespace> namespaces, List<Pod> pods, List<NetworkPolicy> policies) {
  public ClusterSnapshot {
    namespaces = List.copyOf(namespaces);
    pods = List.copyOf(pods);
    policies = List.copyOf(policies);
  }
}
