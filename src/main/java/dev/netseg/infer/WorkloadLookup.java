package dev.netseg.infer;

import dev.netseg.policy.LabelSelectors;
import dev.netseg.workload.Workload;
import dev.netseg.workload.WorkloadRef;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The input workloads, indexed so that selectors are matched against a namespace's workloads
 * through a label index rather than by scanning (inputs reach tens of thousands of workloads).
 * Matching uses the workloads' template labels: a workload's template stands for all its pods.
 */
public final class WorkloadLookup {
  private final List<Workload> all;
  private final Map<WorkloadRef, Workload> byRef = new HashMap<>();
  private final Map<String, List<Workload>> byNamespace = new HashMap<>();
  private final Map<String, List<Workload>> byName = new HashMap<>();
  private final Map<String, Map<String, List<Workload>>> byLabel = new HashMap<>();

  public WorkloadLookup(List<Workload> workloads) {
    this.all = workloads.stream().sorted(Comparator.comparing(Workload::ref)).toList();
    for (Workload w : all) {
      WorkloadRef ref = w.ref();
      if (byRef.putIfAbsent(ref, w) != null) {
        throw new IllegalArgumentException("workload " + ref + " appears twice in the input");
      }
      byNamespace.computeIfAbsent(ref.namespace(), k -> new ArrayList<>()).add(w);
      byName.computeIfAbsent(ref.namespace() + "/" + ref.name(), k -> new ArrayList<>()).add(w);
      Map<String, List<Workload>> labels =
          byLabel.computeIfAbsent(ref.namespace(), k -> new HashMap<>());
      for (Map.Entry<String, String> e : labels(w).entrySet()) {
        labels.computeIfAbsent(e.getKey() + "=" + e.getValue(), k -> new ArrayList<>()).add(w);
      }
    }
  }

  /** Every workload, sorted by reference. */
  public List<Workload> all() {
    return all;
  }

  public Optional<Workload> get(WorkloadRef ref) {
    return Optional.ofNullable(byRef.get(ref));
  }

  /** The workloads of that name in that namespace (one per kind), sorted. */
  public List<Workload> named(String namespace, String name) {
    return byName.getOrDefault(namespace + "/" + name, List.of());
  }

  /** The workloads of a namespace whose template labels a selector matches, sorted. */
  public List<Workload> selectedBy(String namespace, LabelSelector selector) {
    List<Workload> candidates = byNamespace.getOrDefault(namespace, List.of());
    Map<String, String> matchLabels = selector == null ? null : selector.getMatchLabels();
    if (matchLabels != null && !matchLabels.isEmpty()) {
      Map.Entry<String, String> first = new TreeMap<>(matchLabels).firstEntry();
      candidates =
          byLabel
              .getOrDefault(namespace, Map.of())
              .getOrDefault(first.getKey() + "=" + first.getValue(), List.of());
    }
    return candidates.stream().filter(w -> LabelSelectors.matches(selector, labels(w))).toList();
  }

  /** The workloads of a namespace that a Service-style selector (labels only) matches. */
  public List<Workload> selectedBy(String namespace, Map<String, String> selector) {
    return selectedBy(namespace, new LabelSelector(null, selector));
  }

  /** The labels of the workload's pod template. */
  public static Map<String, String> labels(Workload w) {
    Map<String, String> labels =
        w.template().getMetadata() == null ? null : w.template().getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
  }

  /**
   * The ports of the pod's containers and of its sidecars (init containers with {@code
   * restartPolicy: Always}, which keep running); other init containers have exited before the pod
   * serves, and NetworkPolicy's named ports do not resolve on them.
   */
  public static List<ContainerPort> containerPorts(Workload w) {
    PodSpec spec = w.template().getSpec();
    if (spec == null) {
      return List.of();
    }
    List<ContainerPort> out = new ArrayList<>();
    addPorts(spec.getInitContainers(), true, out);
    addPorts(spec.getContainers(), false, out);
    return out;
  }

  private static void addPorts(
      List<Container> containers, boolean sidecarsOnly, List<ContainerPort> out) {
    if (containers == null) {
      return;
    }
    for (Container c : containers) {
      if (sidecarsOnly && !"Always".equals(c.getRestartPolicy())) {
        continue;
      }
      if (c.getPorts() != null) {
        for (ContainerPort p : c.getPorts()) {
          if (p.getContainerPort() != null) {
            out.add(p);
          }
        }
      }
    }
  }
}
