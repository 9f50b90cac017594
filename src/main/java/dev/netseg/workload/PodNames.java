package dev.netseg.workload;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which workload of a set of manifests a pod name belongs to, from the names Kubernetes controllers
 * give their pods: Deployment {@code <name>-<rs-hash>-<5>}, StatefulSet {@code <name>-<ordinal>},
 * DaemonSet, ReplicaSet, ReplicationController and Job {@code <name>-<5>}, CronJob {@code
 * <name>-<schedule-time>-<5>}, a bare Pod its own name. A flows file may also name the workload
 * itself. Used by the CLI, which has manifests but no live pods; the operator resolves pods through
 * their owner references.
 */
public final class PodNames {
  private static final String HASH = "[bcdfghjklmnpqrstvwxz2456789]";
  private static final Pattern DEPLOYMENT = Pattern.compile("-" + HASH + "{1,10}-" + HASH + "{5}");
  private static final Pattern STATEFULSET = Pattern.compile("-\\d+");
  private static final Pattern SUFFIX5 = Pattern.compile("-" + HASH + "{5}");
  private static final Pattern CRONJOB = Pattern.compile("-\\d+-" + HASH + "{5}");

  private final List<Workload> workloads;

  public PodNames(List<Workload> workloads) {
    this.workloads = List.copyOf(workloads);
  }

  /** The workload the pod {@code namespace/pod} belongs to, if exactly one fits. */
  public Optional<WorkloadRef> workloadOf(String namespace, String pod) {
    WorkloadRef found = null;
    for (Workload w : workloads) {
      WorkloadRef r = w.ref();
      if (!r.namespace().equals(namespace) || !fits(r, pod)) {
        continue;
      }
      if (found != null && !found.equals(r)) {
        return Optional.empty();
      }
      found = r;
    }
    return Optional.ofNullable(found);
  }

  private static boolean fits(WorkloadRef r, String pod) {
    if (pod.equals(r.name())) {
      return true;
    }
    if (!pod.startsWith(r.name() + "-")) {
      return false;
    }
    String rest = pod.substring(r.name().length());
    return switch (r.kind()) {
      case "Deployment" -> DEPLOYMENT.matcher(rest).matches();
      case "StatefulSet" -> STATEFULSET.matcher(rest).matches();
      case "DaemonSet", "ReplicaSet", "ReplicationController", "Job" ->
          SUFFIX5.matcher(rest).matches();
      case "CronJob" -> CRONJOB.matcher(rest).matches();
      default -> false;
    };
  }
}
