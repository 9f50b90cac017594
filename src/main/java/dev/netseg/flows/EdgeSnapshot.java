package dev.netseg.flows;

import java.util.List;
import java.util.stream.Stream;

/**
 * The edges of an {@link EdgeStore} at one moment, each list sorted by key: connections that went
 * through ({@code learned}), and attempts a policy blocked ({@code dropped}) or would block ({@code
 * audited}). Only {@code learned} edges may ever justify an allow rule; the others are reported.
 */
public record EdgeSnapshot(
    List<LearnedEdge> learned, List<LearnedEdge> dropped, List<LearnedEdge> audited) {

  public static final EdgeSnapshot EMPTY = new EdgeSnapshot(List.of(), List.of(), List.of());

  public EdgeSnapshot {
    learned = learned.stream().sorted().toList();
    dropped = dropped.stream().sorted().toList();
    audited = audited.stream().sorted().toList();
  }

  /** Dropped and audited edges together: attempts that are not allowed. */
  public List<LearnedEdge> attempted() {
    return Stream.concat(dropped.stream(), audited.stream()).toList();
  }

  /** The number of edges in all three lists. */
  public int size() {
    return learned.size() + dropped.size() + audited.size();
  }
}
