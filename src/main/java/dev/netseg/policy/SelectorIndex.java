package dev.netseg.policy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Evaluates selectors against the snapshot's namespaces and pods once per distinct selector, as
 * BitSets over pod indices. hostNetwork pods are never in a result: selectors do not see them. The
 * returned BitSets are shared and must not be modified.
 */
final class SelectorIndex {
  private final List<PodInfo> pods;
  private final List<Map<String, String>> namespaceLabels;
  private final Map<String, Integer> namespaceIndex;
  private final List<int[]> podsByNamespace;
  private final Map<SelectorKey, BitSet> namespaceCache = new HashMap<>();
  private final Map<PeerKey, BitSet> podCache = new HashMap<>();
  // Per namespace index: label key -> value -> the namespace's pods with that label (built on
  // first use). Policies name pods by a label or two, and a namespace can hold thousands of pods.
  private final Map<Integer, Map<String, Map<String, int[]>>> labelIndex = new HashMap<>();

  /**
   * @param namespaceLabels labels per namespace name, for every namespace that has pods
   */
  SelectorIndex(List<PodInfo> pods, Map<String, Map<String, String>> namespaceLabels) {
    this.pods = pods;
    this.namespaceLabels = new ArrayList<>();
    this.namespaceIndex = new HashMap<>();
    List<List<Integer>> byNs = new ArrayList<>();
    for (Map.Entry<String, Map<String, String>> e : namespaceLabels.entrySet()) {
      namespaceIndex.put(e.getKey(), this.namespaceLabels.size());
      this.namespaceLabels.add(e.getValue());
      byNs.add(new ArrayList<>());
    }
    for (int i = 0; i < pods.size(); i++) {
      PodInfo p = pods.get(i);
      if (!p.hostNetwork()) {
        byNs.get(namespaceIndex.get(p.ref().namespace())).add(i);
      }
    }
    this.podsByNamespace =
        byNs.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toList();
  }

  /** The pods a policy in {@code namespace} selects with {@code podSelector}. */
  BitSet targets(String namespace, LabelSelector podSelector) {
    return peer(namespace, null, podSelector);
  }

  /**
   * The pods a selector peer matches: pods matching {@code podSelector} (all when null) in the
   * namespaces matching {@code namespaceSelector}, or in {@code ownNamespace} when it is null.
   */
  BitSet peer(String ownNamespace, LabelSelector namespaceSelector, LabelSelector podSelector) {
    PeerKey key =
        new PeerKey(
            namespaceSelector == null ? ownNamespace : null,
            SelectorKey.of(namespaceSelector),
            SelectorKey.of(podSelector));
    return podCache.computeIfAbsent(
        key, k -> evaluate(ownNamespace, namespaceSelector, podSelector));
  }

  private BitSet evaluate(String own, LabelSelector nsSelector, LabelSelector podSelector) {
    BitSet out = new BitSet(pods.size());
    if (nsSelector == null) {
      Integer ns = namespaceIndex.get(own);
      if (ns != null) {
        addMatching(ns, podSelector, out);
      }
    } else {
      BitSet namespaces =
          namespaceCache.computeIfAbsent(SelectorKey.of(nsSelector), k -> namespaces(nsSelector));
      namespaces.stream().forEach(ns -> addMatching(ns, podSelector, out));
    }
    return out;
  }

  private BitSet namespaces(LabelSelector selector) {
    BitSet out = new BitSet(namespaceLabels.size());
    for (int i = 0; i < namespaceLabels.size(); i++) {
      if (LabelSelectors.matches(selector, namespaceLabels.get(i))) {
        out.set(i);
      }
    }
    return out;
  }

  private void addMatching(int ns, LabelSelector podSelector, BitSet out) {
    for (int pod : candidates(ns, podSelector)) {
      if (podSelector == null || LabelSelectors.matches(podSelector, pods.get(pod).labels())) {
        out.set(pod);
      }
    }
  }

  /**
   * The namespace's pods that can match: those carrying the label of one of the selector's {@code
   * matchLabels} (the rarest), else all. Every candidate is still checked against the whole
   * selector, so this only decides how many pods are looked at.
   */
  private int[] candidates(int ns, LabelSelector podSelector) {
    int[] all = podsByNamespace.get(ns);
    if (podSelector == null
        || podSelector.getMatchLabels() == null
        || podSelector.getMatchLabels().isEmpty()) {
      return all;
    }
    Map<String, Map<String, int[]>> index = labelIndex.computeIfAbsent(ns, this::indexLabels);
    int[] best = all;
    for (Map.Entry<String, String> e : podSelector.getMatchLabels().entrySet()) {
      Map<String, int[]> byValue = index.get(e.getKey());
      int[] withLabel = byValue == null ? null : byValue.get(e.getValue());
      if (withLabel == null) {
        return new int[0];
      }
      if (withLabel.length < best.length) {
        best = withLabel;
      }
    }
    return best;
  }

  private Map<String, Map<String, int[]>> indexLabels(int ns) {
    Map<String, Map<String, List<Integer>>> lists = new HashMap<>();
    for (int pod : podsByNamespace.get(ns)) {
      Map<String, String> labels = pods.get(pod).labels();
      if (labels == null) {
        continue;
      }
      labels.forEach(
          (k, v) ->
              lists
                  .computeIfAbsent(k, x -> new HashMap<>())
                  .computeIfAbsent(v, x -> new ArrayList<>())
                  .add(pod));
    }
    Map<String, Map<String, int[]>> index = new HashMap<>();
    lists.forEach(
        (k, byValue) -> {
          Map<String, int[]> arrays = new HashMap<>();
          byValue.forEach(
              (v, l) -> arrays.put(v, l.stream().mapToInt(Integer::intValue).toArray()));
          index.put(k, arrays);
        });
    return index;
  }

  private record PeerKey(String ownNamespace, SelectorKey namespaces, SelectorKey pods) {}

  /** A selector in canonical form, so that equal selectors written differently share results. */
  private record SelectorKey(Map<String, String> labels, List<List<String>> expressions) {
    static SelectorKey of(LabelSelector s) {
      if (s == null) {
        return null;
      }
      Map<String, String> labels =
          s.getMatchLabels() == null ? Map.of() : new TreeMap<>(s.getMatchLabels());
      List<List<String>> exprs = new ArrayList<>();
      if (s.getMatchExpressions() != null) {
        for (LabelSelectorRequirement r : s.getMatchExpressions()) {
          List<String> e = new ArrayList<>();
          e.add(r.getKey());
          e.add(r.getOperator());
          if (r.getValues() != null) {
            r.getValues().stream().sorted().distinct().forEach(e::add);
          }
          exprs.add(List.copyOf(e));
        }
      }
      exprs.sort(Comparator.comparing(Object::toString));
      return new SelectorKey(labels, List.copyOf(exprs));
    }
  }
}
