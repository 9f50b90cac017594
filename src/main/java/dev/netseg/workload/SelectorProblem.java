package dev.netseg.workload;

import java.util.List;
import java.util.Objects;

/**
 * A workload whose stable selector cannot be used as a policy's podSelector as it is.
 *
 * @param workload the workload whose selector is at fault
 * @param type what is wrong
 * @param others the other workloads involved (those it also selects), sorted; empty otherwise
 * @param message one line naming the workload, its selector and the others
 */
public record SelectorProblem(
    WorkloadRef workload, Type type, List<WorkloadRef> others, String message)
    implements Comparable<SelectorProblem> {

  /** What is wrong with a selector. */
  public enum Type {
    /** It is not a valid label selector (an unknown operator, In without values, ...). */
    INVALID,
    /** It selects every pod of the namespace. */
    EMPTY,
    /** It does not select the workload's own template or some of its pods. */
    MISSES_OWN_PODS,
    /** It also selects pods (or the template) of other workloads of the namespace. */
    SELECTS_OTHER_WORKLOADS
  }

  public SelectorProblem {
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(message, "message");
    others = others.stream().sorted().toList();
  }

  @Override
  public int compareTo(SelectorProblem o) {
    int c = workload.compareTo(o.workload);
    return c != 0 ? c : type.compareTo(o.type);
  }

  @Override
  public String toString() {
    return message;
  }
}
