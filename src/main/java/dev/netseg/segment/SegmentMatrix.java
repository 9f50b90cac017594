package dev.netseg.segment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Required flows counted per (source zone, destination zone): how many an allow rule covers, a deny
 * rule forbids, no rule covers, and how many are refused. Zones in the segmentation's order.
 */
public final class SegmentMatrix {
  private SegmentMatrix() {}

  /** One cell: flows from one zone to another. */
  public record Cell(
      String from, String to, int flows, int allowed, int denied, int notCovered, int refused) {}

  public static List<Cell> of(Segmentation segmentation, List<FlowDecision> decisions) {
    List<String> zones = segmentation.zones();
    Map<Integer, int[]> counts = new TreeMap<>();
    for (FlowDecision d : decisions) {
      int key = zones.indexOf(d.from()) * zones.size() + zones.indexOf(d.to());
      int[] c = counts.computeIfAbsent(key, k -> new int[5]);
      c[0]++;
      c[1 + d.verdict().ordinal()]++;
      c[4] += d.refused() ? 1 : 0;
    }
    List<Cell> out = new ArrayList<>();
    counts.forEach(
        (key, c) ->
            out.add(
                new Cell(
                    zones.get(key / zones.size()),
                    zones.get(key % zones.size()),
                    c[0],
                    c[1 + Verdict.ALLOWED.ordinal()],
                    c[1 + Verdict.DENIED.ordinal()],
                    c[1 + Verdict.NOT_COVERED.ordinal()],
                    c[4])));
    return out;
  }
}
