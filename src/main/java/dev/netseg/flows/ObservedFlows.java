package dev.netseg.flows;

import dev.netseg.model.Provenance;
import dev.netseg.model.RequiredFlow;
import java.util.List;

/** Learned edges as required flows: only forwarded connections, never drops or audits. */
public final class ObservedFlows {
  private ObservedFlows() {}

  /**
   * @param source where the edges were learned, e.g. {@code flows.jsonl} or {@code hubble-relay}
   */
  public static List<RequiredFlow> required(EdgeSnapshot snapshot, String source) {
    return snapshot.learned().stream().map(e -> required(e, source)).sorted().toList();
  }

  public static RequiredFlow required(LearnedEdge e, String source) {
    String seen =
        e.firstSeen().equals(e.lastSeen())
            ? "at " + e.firstSeen()
            : e.firstSeen() + ".." + e.lastSeen();
    return new RequiredFlow(
        e.source(),
        e.destination(),
        e.protocol(),
        e.port(),
        List.of(
            new Provenance(
                Provenance.Source.OBSERVED,
                "%s: seen %d time%s %s"
                    .formatted(source, e.count(), e.count() == 1 ? "" : "s", seen))));
  }
}
