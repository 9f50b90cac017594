package dev.netseg.cli;

import dev.netseg.flows.PodHints;
import dev.netseg.flows.PodKey;
import dev.netseg.flows.PodWorkloads;
import dev.netseg.workload.PodOwners;
import dev.netseg.workload.Workload;
import dev.netseg.workload.WorkloadRef;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The workloads of the manifests as a flows file's pods are resolved to them: from what a pod's
 * first record says of it (Hubble's {@code workloads}, its labels), else from its name; the answer
 * is remembered for the pod's later records.
 */
final class ManifestPodWorkloads implements PodWorkloads {
  private final PodOwners owners;
  private final ConcurrentHashMap<PodKey, WorkloadRef> decided = new ConcurrentHashMap<>();

  ManifestPodWorkloads(List<Workload> workloads) {
    this.owners = new PodOwners(workloads);
  }

  @Override
  public Optional<WorkloadRef> workloadOf(PodKey pod) {
    WorkloadRef known = decided.get(pod);
    if (known != null) {
      return Optional.of(known);
    }
    return owners
        .byName(pod.namespace(), pod.name())
        .map(w -> decided.computeIfAbsent(pod, p -> w));
  }

  /**
   * The first answer found for a pod (from hints or from its name) stands for all its records, as
   * ingestion reuses it.
   */
  @Override
  public Optional<WorkloadRef> workloadOf(PodKey pod, PodHints hints) {
    WorkloadRef known = decided.get(pod);
    if (known != null) {
      return Optional.of(known);
    }
    Optional<WorkloadRef> found = answer(pod, hints).workload();
    return found.map(w -> decided.computeIfAbsent(pod, p -> w));
  }

  @Override
  public String whyNone(PodKey pod, PodHints hints) {
    return answer(pod, hints).reason();
  }

  @Override
  public boolean usesHints() {
    return true;
  }

  private PodOwners.Answer answer(PodKey pod, PodHints hints) {
    return owners.of(
        pod.namespace(), pod.name(), hints.workloadName(), hints.workloadKind(), hints.podLabels());
  }
}
