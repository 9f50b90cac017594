package dev.netseg.segment;

import dev.netseg.model.Peer;
import dev.netseg.policy.LabelSelectors;
import dev.netseg.workload.Workload;
import dev.netseg.workload.WorkloadRef;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which zone each workload is in: the one segment whose selectors match its pod template's labels
 * and its namespace's labels, else {@value Segmentation#UNSEGMENTED}. Address peers are in {@value
 * Segmentation#EXTERNAL}; peers that are not input workloads (the cluster DNS known only by a
 * selector, the ingress controller) are {@value Segmentation#UNSEGMENTED}.
 */
public final class SegmentAssignment {
  private static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

  private final Segmentation segmentation;
  private final SortedMap<WorkloadRef, String> zones;

  private SegmentAssignment(Segmentation segmentation, SortedMap<WorkloadRef, String> zones) {
    this.segmentation = segmentation;
    this.zones = zones;
  }

  /**
   * @param namespaces the namespaces with their labels; a namespace not listed has only {@code
   *     kubernetes.io/metadata.name}, as the API server sets it
   * @throws SegmentationException when a workload matches two segments (naming both and it)
   */
  public static SegmentAssignment of(
      Segmentation segmentation, List<Workload> workloads, List<Namespace> namespaces) {
    Map<String, Map<String, String>> nsLabels = new HashMap<>();
    for (Namespace n : namespaces) {
      Map<String, String> labels = new HashMap<>();
      if (n.getMetadata().getLabels() != null) {
        labels.putAll(n.getMetadata().getLabels());
      }
      labels.put(NAMESPACE_NAME_LABEL, n.getMetadata().getName());
      nsLabels.put(n.getMetadata().getName(), labels);
    }
    SortedMap<WorkloadRef, String> zones = new TreeMap<>();
    List<String> conflicts = new ArrayList<>();
    for (Workload w : workloads) {
      String ns = w.ref().namespace();
      Map<String, String> namespaceLabels =
          nsLabels.getOrDefault(ns, Map.of(NAMESPACE_NAME_LABEL, ns));
      Map<String, String> podLabels = w.template().getMetadata().getLabels();
      List<String> matching = new ArrayList<>();
      for (Segment s : segmentation.segments()) {
        if (matches(s, podLabels, namespaceLabels)) {
          matching.add(s.name());
        }
      }
      if (matching.size() > 1) {
        conflicts.add(
            w.ref().kind()
                + " "
                + ns
                + "/"
                + w.ref().name()
                + " matches segments "
                + String.join(" and ", matching));
      }
      zones.put(w.ref(), matching.isEmpty() ? Segmentation.UNSEGMENTED : matching.get(0));
    }
    if (!conflicts.isEmpty()) {
      throw new SegmentationException(
          String.join("; ", conflicts) + ": a workload must be in at most one segment");
    }
    return new SegmentAssignment(segmentation, zones);
  }

  static boolean matches(
      Segment s, Map<String, String> podLabels, Map<String, String> namespaceLabels) {
    return s.podSelector().map(sel -> LabelSelectors.matches(sel, podLabels)).orElse(true)
        && s.namespaceSelector()
            .map(sel -> LabelSelectors.matches(sel, namespaceLabels))
            .orElse(true);
  }

  public Segmentation segmentation() {
    return segmentation;
  }

  /** The zone of a flow's end. */
  public String zoneOf(Peer peer) {
    if (peer instanceof Peer.ExternalPeer) {
      return Segmentation.EXTERNAL;
    }
    return zoneOf(((Peer.WorkloadPeer) peer).workload());
  }

  public String zoneOf(WorkloadRef ref) {
    return zones.getOrDefault(ref, Segmentation.UNSEGMENTED);
  }

  /** Every input workload with its zone, by ref. */
  public SortedMap<WorkloadRef, String> zones() {
    return java.util.Collections.unmodifiableSortedMap(zones);
  }

  /** The input workloads of a named segment, by ref. */
  public List<WorkloadRef> members(String zone) {
    return zones.entrySet().stream()
        .filter(e -> e.getValue().equals(zone))
        .map(Map.Entry::getKey)
        .toList();
  }

  public Optional<Segment> segment(String zone) {
    return segmentation.segment(zone);
  }
}
