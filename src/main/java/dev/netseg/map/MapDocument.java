package dev.netseg.map;

import java.util.List;
import java.util.Map;

/**
 * Everything the map shows, as the page reads it (the JSON inlined in the HTML, and {@code netseg
 * map --data}).
 *
 * @param groupBy the levels above workloads: {@code [namespace]}, or {@code [segment, namespace]}
 *     when segments were given
 */
public record MapDocument(
    String title,
    List<String> groupBy,
    List<MapNode> nodes,
    List<MapEdge> edges,
    List<LegendEntry> legend,
    Summary summary) {
  public MapDocument {
    groupBy = List.copyOf(groupBy);
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
    legend = List.copyOf(legend);
  }

  /** One line of the legend: an edge status, or {@code observed} (an overlay on any status). */
  public record LegendEntry(String status, String label, String description) {}

  /** Counts for the header. */
  public record Summary(int workloads, int nodes, int edges, Map<String, Integer> byStatus) {
    public Summary {
      byStatus = Map.copyOf(byStatus);
    }
  }
}
