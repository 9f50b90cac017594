package dev.netseg.connectivity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Connectivity lines as a Graphviz digraph, drawn as np-guard's {@code -o dot} draws them: a
 * cluster per namespace, labelled with it, holding its workloads (labelled {@code name[Kind]});
 * each outside range a box of its own outside the clusters; an edge per line, labelled with its
 * connections. With the explanation, an edge's reasons are its tooltip (shown on hover in SVG) and
 * a pair with nothing allowed is dashed.
 *
 * <p>Node IDs are the ends as the text lines write them. Every ID and label is quoted, with {@code
 * "} and {@code \} escaped. Clusters, nodes and edges are sorted, so the same lines in any order
 * give the same bytes.
 */
public final class ConnectivityDot {
  private static final Comparator<ConnectivityLine> EDGE_ORDER =
      Comparator.comparing(ConnectivityLine::source).thenComparing(ConnectivityLine::destination);

  private final boolean explain;

  /**
   * @param explain add the reasons as edge tooltips and dash the pairs with nothing allowed
   */
  public ConnectivityDot(boolean explain) {
    this.explain = explain;
  }

  public String render(List<ConnectivityLine> lines) {
    Map<String, Map<String, LineEnd>> namespaces = new TreeMap<>();
    Map<String, LineEnd> outside = new TreeMap<>();
    for (ConnectivityLine l : lines) {
      for (String text : List.of(l.source(), l.destination())) {
        LineEnd end = LineEnd.parse(text);
        if (end.external()) {
          outside.put(text, end);
        } else {
          namespaces.computeIfAbsent(end.namespace(), ns -> new TreeMap<>()).put(text, end);
        }
      }
    }

    StringBuilder out = new StringBuilder("digraph connectivity {\n");
    for (Map.Entry<String, Map<String, LineEnd>> ns : namespaces.entrySet()) {
      out.append("  subgraph ").append(quote("cluster_" + ns.getKey())).append(" {\n");
      out.append("    label=").append(quote(ns.getKey())).append('\n');
      for (LineEnd w : ns.getValue().values()) {
        out.append("    ")
            .append(quote(w.text()))
            .append(" [label=")
            .append(quote(w.name() + "[" + w.kind() + "]"))
            .append("]\n");
      }
      out.append("  }\n");
    }
    for (LineEnd range : outside.values()) {
      out.append("  ")
          .append(quote(range.text()))
          .append(" [label=")
          .append(quote(range.name()))
          .append(" shape=box]\n");
    }
    List<ConnectivityLine> sorted = new ArrayList<>(lines);
    sorted.sort(EDGE_ORDER);
    for (ConnectivityLine l : sorted) {
      out.append("  ")
          .append(quote(l.source()))
          .append(" -> ")
          .append(quote(l.destination()))
          .append(" [label=")
          .append(quote(l.connectionsText()));
      if (explain) {
        if (l.connections().isEmpty()) {
          out.append(" style=dashed");
        }
        List<String> reasons = l.explanation().stream().map(ConnectivityDot::escape).toList();
        out.append(" tooltip=\"").append(String.join("\\n", reasons)).append('"');
      }
      out.append("]\n");
    }
    return out.append("}\n").toString();
  }

  /** A DOT quoted string of {@code text}. */
  private static String quote(String text) {
    return '"' + escape(text) + '"';
  }

  /**
   * {@code "} and {@code \} escaped (Graphviz shows {@code \\} in a label as one backslash), a line
   * break as {@code \n}.
   */
  private static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> {}
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
