package dev.netseg.flows;

import dev.netseg.workload.WorkloadRef;
import java.util.Optional;
import java.util.function.Function;

/** Which workload a pod belongs to: what {@link FlowResolver} asks of its caller. */
public interface PodWorkloads {
  /** By the pod alone: its owners, its name, or what an earlier record's hints decided. */
  Optional<WorkloadRef> workloadOf(PodKey pod);

  /**
   * From what a record says of the pod (its controller, its labels) as well; by default the same as
   * {@link #workloadOf(PodKey)}. An implementation may remember the answer for {@link
   * #workloadOf(PodKey)}, which ingestion asks for the pod's later records.
   */
  default Optional<WorkloadRef> workloadOf(PodKey pod, PodHints hints) {
    return workloadOf(pod);
  }

  /** Why the pod has no workload, for the unresolved record's detail. */
  default String whyNone(PodKey pod, PodHints hints) {
    return "pod " + pod;
  }

  /**
   * Whether {@link #workloadOf(PodKey, PodHints)} may answer differently than {@link
   * #workloadOf(PodKey)}: then ingestion reads a pod's first record whole, hints included.
   */
  default boolean usesHints() {
    return false;
  }

  /** A function of the pod alone. */
  static PodWorkloads of(Function<PodKey, Optional<WorkloadRef>> workloadOf) {
    return workloadOf::apply;
  }
}
