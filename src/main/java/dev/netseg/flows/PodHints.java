package dev.netseg.flows;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a record says about a pod besides its name: the controller Hubble names in the endpoint's
 * {@code workloads} (its first entry) and the pod's labels ({@code k8s:app=web}, Hubble's form).
 * Used to find the pod's workload when its name alone does not tell.
 */
public record PodHints(
    Optional<String> workloadName, Optional<String> workloadKind, List<String> labels) {
  public static final PodHints NONE = new PodHints(Optional.empty(), Optional.empty(), List.of());

  public PodHints {
    Objects.requireNonNull(workloadName, "workloadName");
    Objects.requireNonNull(workloadKind, "workloadKind");
    labels = List.copyOf(labels);
  }

  static PodHints of(String workloadName, String workloadKind, List<String> labels) {
    if (workloadName == null && workloadKind == null && (labels == null || labels.isEmpty())) {
      return NONE;
    }
    return new PodHints(
        Optional.ofNullable(workloadName).filter(s -> !s.isEmpty()),
        Optional.ofNullable(workloadKind).filter(s -> !s.isEmpty()),
        labels == null ? List.of() : labels);
  }

  public boolean isEmpty() {
    return workloadName.isEmpty() && labels.isEmpty();
  }

  /**
   * The pod's own labels among Hubble's: those with the {@code k8s:} source, without the ones
   * Cilium adds about the pod's namespace and ServiceAccount ({@code io.kubernetes.pod.namespace},
   * {@code io.cilium.k8s.*}).
   */
  public Map<String, String> podLabels() {
    Map<String, String> out = new TreeMap<>();
    for (String label : labels) {
      if (!label.startsWith("k8s:")) {
        continue;
      }
      String kv = label.substring(4);
      int eq = kv.indexOf('=');
      String key = eq < 0 ? kv : kv.substring(0, eq);
      if (key.startsWith("io.kubernetes.pod.") || key.startsWith("io.cilium.k8s.")) {
        continue;
      }
      out.put(key, eq < 0 ? "" : kv.substring(eq + 1));
    }
    return out;
  }
}
