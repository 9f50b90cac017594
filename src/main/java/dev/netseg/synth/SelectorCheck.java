package dev.netseg.synth;

import dev.netseg.infer.WorkloadIndex;
import dev.netseg.policy.LabelSelectors;
import dev.netseg.workload.Workload;
import dev.netseg.workload.WorkloadRef;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds workloads whose selector cannot stand for them alone: empty (it selects every pod of the
 * namespace), not matching their own pod template, or matching another workload's pod template. A
 * policy with such a selector would govern the wrong pods, so they get none.
 */
final class SelectorCheck {
  private SelectorCheck() {}

  /** The ambiguous workloads with the reason, sorted. */
  static Map<WorkloadRef, String> ambiguous(WorkloadIndex index) {
    Map<WorkloadRef, String> out = new TreeMap<>();
    for (Workload w : index.all()) {
      if (LabelSelectors.isEmpty(w.selector())) {
        out.put(
            w.ref(), "its selector is empty: it would select every pod of " + w.ref().namespace());
        continue;
      }
      if (!LabelSelectors.matches(w.selector(), WorkloadIndex.labels(w))) {
        out.put(w.ref(), "its selector does not match its own pod template labels");
        continue;
      }
      List<WorkloadRef> others =
          index.selectedBy(w.ref().namespace(), w.selector()).stream()
              .map(Workload::ref)
              .filter(r -> !r.equals(w.ref()))
              .toList();
      if (!others.isEmpty()) {
        out.put(
            w.ref(),
            "its selector also selects the pods of "
                + String.join(", ", others.stream().map(WorkloadRef::toString).toList()));
      }
    }
    return out;
  }
}
