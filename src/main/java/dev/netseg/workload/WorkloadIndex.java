package dev.netseg.workload;

import dev.netseg.policy.Endpoint.PodRef;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which workload a pod belongs to, by the pod's namespace and name. The pods of a workload are its
 * live pods or, when it has none (from manifests, or scaled to zero), its template.
 *
 * <p>Two workloads can claim the same pod name (a bare pod {@code web} and the template of a
 * Deployment {@code web}): the pod then belongs to the first workload in {@link WorkloadRef} order
 * and {@link #conflicts()} lists it, so that callers can refuse to decide.
 */
public final class WorkloadIndex {
  private final SortedMap<WorkloadRef, Workload> workloads;
  private final Map<PodRef, WorkloadRef> byPod;
  private final List<Pod> pods;
  private final List<String> conflicts;

  private WorkloadIndex(
      SortedMap<WorkloadRef, Workload> workloads,
      Map<PodRef, WorkloadRef> byPod,
      List<Pod> pods,
      List<String> conflicts) {
    this.workloads = workloads;
    this.byPod = byPod;
    this.pods = pods;
    this.conflicts = conflicts;
  }

  /**
   * @throws IllegalArgumentException when two workloads have the same ref
   */
  public static WorkloadIndex of(List<Workload> workloads) {
    SortedMap<WorkloadRef, Workload> byRef = new TreeMap<>();
    for (Workload w : workloads) {
      if (byRef.put(w.ref(), w) != null) {
        throw new IllegalArgumentException("workload listed twice: " + w.ref());
      }
    }
    Map<PodRef, WorkloadRef> byPod = new HashMap<>();
    List<Pod> pods = new ArrayList<>();
    List<String> conflicts = new ArrayList<>();
    for (Workload w : byRef.values()) {
      for (Pod pod : podsOf(w)) {
        PodRef key = new PodRef(w.ref().namespace(), pod.getMetadata().getName());
        WorkloadRef first = byPod.putIfAbsent(key, w.ref());
        if (first == null) {
          pods.add(pod);
        } else if (!first.equals(w.ref())) {
          conflicts.add("pod " + key + " stands for both " + first + " and " + w.ref());
        }
      }
    }
    pods.sort(
        Comparator.comparing((Pod p) -> p.getMetadata().getNamespace())
            .thenComparing(p -> p.getMetadata().getName()));
    return new WorkloadIndex(
        Collections.unmodifiableSortedMap(byRef),
        Map.copyOf(byPod),
        List.copyOf(pods),
        List.copyOf(conflicts));
  }

  /** The pods that stand for a workload: its live pods, or its template when it has none. */
  public static List<Pod> podsOf(Workload workload) {
    return workload.pods().isEmpty() ? List.of(workload.template()) : workload.pods();
  }

  /** The workload a pod belongs to. */
  public Optional<WorkloadRef> workloadOf(PodRef pod) {
    return Optional.ofNullable(byPod.get(pod));
  }

  /** The workload a pod belongs to. */
  public Optional<WorkloadRef> workloadOf(String namespace, String podName) {
    return workloadOf(new PodRef(namespace, podName));
  }

  /** The workload with this ref. */
  public Optional<Workload> workload(WorkloadRef ref) {
    return Optional.ofNullable(workloads.get(ref));
  }

  /** Every workload, sorted by ref. */
  public List<Workload> workloads() {
    return List.copyOf(workloads.values());
  }

  /**
   * Every pod that stands for a workload (see {@link #podsOf}), sorted by namespace and name, one
   * per pod name: the pods a {@code ClusterSnapshot} needs.
   */
  public List<Pod> pods() {
    return pods;
  }

  /** Pod names claimed by two workloads, one line each; empty when every pod has one owner. */
  public List<String> conflicts() {
    return conflicts;
  }
}
