package dev.netseg.connectivity;

import dev.netseg.policy.ConnectionSet;
import java.util.List;

/**
 * What one endpoint may open to another: a workload ({@code namespace/name[Kind]}) or an external
 * range ({@code a.b.c.d-e.f.g.h[External]}), with the reasons when they were asked for.
 */
public record ConnectivityLine(
    String source, String destination, ConnectionSet connections, List<String> explanation) {
  public ConnectivityLine {
    explanation = List.copyOf(explanation);
  }

  /** {@code SRC => DST : CONNS}, the line format of {@code roxctl netpol connectivity map}. */
  public String format() {
    return source + " => " + destination + " : " + connectionsText();
  }

  public String connectionsText() {
    return connections.isEmpty() ? "No Connections" : connections.toString();
  }
}
