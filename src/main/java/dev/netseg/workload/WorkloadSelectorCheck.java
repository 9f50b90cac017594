package dev.netseg.workload;

import dev.netseg.policy.LabelSelectors;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks that each workload's stable selector could be a policy's podSelector: valid, not empty
 * (which would select the whole namespace), selecting the workload's own template and pods, and no
 * other workload's template or pods in the same namespace. A policy written on an ambiguous
 * selector would also restrict the other workload, so the generator must refuse it.
 *
 * <p>Candidates are found through an index of label pairs, so the check stays near-linear for
 * namespaces with thousands of workloads.
 */
public final class WorkloadSelectorCheck {
  private static final int LISTED = 5;

  private WorkloadSelectorCheck() {}

  /** Every problem, sorted by workload and type; empty when every selector is usable. */
  public static List<SelectorProblem> check(List<Workload> workloads) {
    Map<String, List<Workload>> byNamespace = new TreeMap<>();
    for (Workload w : workloads) {
      byNamespace.computeIfAbsent(w.ref().namespace(), n -> new ArrayList<>()).add(w);
    }
    List<SelectorProblem> problems = new ArrayList<>();
    byNamespace.forEach((ns, list) -> new Namespace(ns, list).check(problems));
    problems.sort(null);
    return List.copyOf(problems);
  }

  /** The workloads of one namespace and an index of their labels. */
  private static final class Namespace {
    private final String name;
    private final List<Workload> workloads;
    private final List<List<Map<String, String>>> labelSets = new ArrayList<>();
    private final Map<String, BitSet> byPair = new HashMap<>();
    private final Map<String, BitSet> byKey = new HashMap<>();
    private final BitSet all = new BitSet();

    Namespace(String name, List<Workload> workloads) {
      this.name = name;
      this.workloads = workloads.stream().sorted((a, b) -> a.ref().compareTo(b.ref())).toList();
      for (int i = 0; i < this.workloads.size(); i++) {
        Set<Map<String, String>> sets = new LinkedHashSet<>();
        sets.add(labels(this.workloads.get(i).template()));
        this.workloads.get(i).pods().forEach(p -> sets.add(labels(p)));
        labelSets.add(List.copyOf(sets));
        for (Map<String, String> labels : sets) {
          for (Map.Entry<String, String> e : labels.entrySet()) {
            byPair.computeIfAbsent(pair(e.getKey(), e.getValue()), k -> new BitSet()).set(i);
            byKey.computeIfAbsent(e.getKey(), k -> new BitSet()).set(i);
          }
        }
        all.set(i);
      }
    }

    void check(List<SelectorProblem> problems) {
      for (int i = 0; i < workloads.size(); i++) {
        Workload w = workloads.get(i);
        LabelSelector selector = w.selector();
        String prefix = w.ref() + ": selector " + StableSelectors.describe(selector);
        Optional<String> invalid = LabelSelectors.validate(selector, "selector");
        if (invalid.isPresent()) {
          problems.add(
              new SelectorProblem(
                  w.ref(), SelectorProblem.Type.INVALID, List.of(), prefix + ": " + invalid.get()));
          continue;
        }
        if (LabelSelectors.isEmpty(selector)) {
          problems.add(
              new SelectorProblem(
                  w.ref(),
                  SelectorProblem.Type.EMPTY,
                  List.of(),
                  prefix + " is empty and would select every pod in namespace " + name));
          continue;
        }
        missesOwn(w, prefix).ifPresent(problems::add);
        List<WorkloadRef> others = new ArrayList<>();
        BitSet candidates = candidates(selector);
        for (int j = candidates.nextSetBit(0); j >= 0; j = candidates.nextSetBit(j + 1)) {
          if (j != i
              && labelSets.get(j).stream().anyMatch(l -> LabelSelectors.matches(selector, l))) {
            others.add(workloads.get(j).ref());
          }
        }
        if (!others.isEmpty()) {
          problems.add(
              new SelectorProblem(
                  w.ref(),
                  SelectorProblem.Type.SELECTS_OTHER_WORKLOADS,
                  others,
                  prefix
                      + " also selects "
                      + list(others.stream().map(Object::toString).toList())));
        }
      }
    }

    private static Optional<SelectorProblem> missesOwn(Workload w, String prefix) {
      List<String> missed = new ArrayList<>();
      if (w.pods().isEmpty() && !LabelSelectors.matches(w.selector(), labels(w.template()))) {
        missed.add("template");
      }
      for (Pod p : w.pods()) {
        if (!LabelSelectors.matches(w.selector(), labels(p))) {
          missed.add(p.getMetadata().getName());
        }
      }
      if (missed.isEmpty()) {
        return Optional.empty();
      }
      String what = w.pods().isEmpty() ? "its own pod template" : "its own pods " + list(missed);
      return Optional.of(
          new SelectorProblem(
              w.ref(),
              SelectorProblem.Type.MISSES_OWN_PODS,
              List.of(),
              prefix + " does not select " + what));
    }

    /** A superset of the workloads the selector can match: the smallest posting it requires. */
    private BitSet candidates(LabelSelector selector) {
      BitSet best = null;
      if (selector.getMatchLabels() != null) {
        for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
          best = smaller(best, byPair.getOrDefault(pair(e.getKey(), e.getValue()), new BitSet()));
        }
      }
      if (selector.getMatchExpressions() != null) {
        for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
          if (r.getOperator().equals("Exists")) {
            best = smaller(best, byKey.getOrDefault(r.getKey(), new BitSet()));
          } else if (r.getOperator().equals("In")) {
            BitSet union = new BitSet();
            for (String v : r.getValues()) {
              BitSet posting = byPair.get(pair(r.getKey(), v));
              if (posting != null) {
                union.or(posting);
              }
            }
            best = smaller(best, union);
          }
        }
      }
      return best == null ? all : best;
    }

    private static BitSet smaller(BitSet best, BitSet next) {
      return best == null || next.cardinality() < best.cardinality() ? next : best;
    }

    private static String pair(String key, String value) {
      return key + "\u0000" + value;
    }

    private static Map<String, String> labels(Pod pod) {
      Map<String, String> labels = pod.getMetadata() == null ? null : pod.getMetadata().getLabels();
      return labels == null ? Map.of() : labels;
    }

    private static String list(List<String> items) {
      if (items.size() <= LISTED) {
        return String.join(", ", items);
      }
      return String.join(", ", items.subList(0, LISTED))
          + " and "
          + (items.size() - LISTED)
          + " more";
    }
  }
}
