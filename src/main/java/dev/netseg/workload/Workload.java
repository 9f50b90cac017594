package dev.netseg.workload;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Objects;

/**
 * A workload: a controller (or a bare pod) and the pods that stand for it.
 *
 * @param ref its identity
 * @param metadata the controller's own metadata (labels, annotations)
 * @param selector the stable pod selector a policy uses for it: the controller's {@code
 *     spec.selector} without per-rollout or per-pod labels
 * @param template a pod that stands for every pod of the workload: from manifests, a Pod built from
 *     the pod template (namespace set, no IPs); from a cluster, one of its live pods
 * @param pods its live pods (empty when the workload comes from manifests)
 */
public record Workload(
    WorkloadRef ref, ObjectMeta metadata, LabelSelector selector, Pod template, List<Pod> pods) {
  public Workload {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(template, "template");
    pods = List.copyOf(pods);
  }
}
