package dev.netseg.workload;

import java.util.Comparator;
import java.util.Objects;

/**
 * The identity of a workload: its controller's kind (Deployment, StatefulSet, DaemonSet, Job,
 * CronJob, ReplicaSet, or Pod for a bare pod), namespace and name. Sorted by namespace, name, kind.
 */
public record WorkloadRef(String namespace, String name, String kind)
    implements Comparable<WorkloadRef> {
  private static final Comparator<WorkloadRef> ORDER =
      Comparator.comparing(WorkloadRef::namespace)
          .thenComparing(WorkloadRef::name)
          .thenComparing(WorkloadRef::kind);

  public WorkloadRef {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
  }

  @Override
  public int compareTo(WorkloadRef other) {
    return ORDER.compare(this, other);
  }

  /** {@code namespace/name[Kind]}, the form the connectivity report prints. */
  @Override
  public String toString() {
    return namespace + "/" + name + "[" + kind + "]";
  }
}
