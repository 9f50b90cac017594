package dev.netseg.operator.learn;

import dev.netseg.flows.LearnedEdge;
import java.util.List;

/**
 * Connections that were attempted but blocked ({@code dropped}) or would be blocked by a policy in
 * audit mode ({@code audited}): reported, never required flows.
 */
public record AttemptedEdges(List<LearnedEdge> dropped, List<LearnedEdge> audited) {
  public AttemptedEdges {
    dropped = List.copyOf(dropped);
    audited = List.copyOf(audited);
  }

  public int size() {
    return dropped.size() + audited.size();
  }
}
