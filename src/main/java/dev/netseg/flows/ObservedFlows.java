package dev.netseg.flows;

import dev.netseg.model.Provenance;
import dev.netseg.model.RequiredFlow;
import java.util.List;

/**
 * Learned edges as required flows, the one conversion the CLI and the operator share: only
 * forwarded connections, never drops or audits.
 *
 * <p>The evidence names the source only, never how often or when the edge was seen. It ends up in
 * each policy's justification annotation, so a count or a last-seen time there would change the
 * policy at every new sighting of a connection it already allows: the operator would rewrite it
 * constantly and a GitOps diff would never settle. Counts and times stay in the edge store and in
 * reports.
 */
public final class ObservedFlows {
  private ObservedFlows() {}

  /**
   * @param source where the edges were learned, e.g. {@code flows.jsonl} or {@code hubble-relay}
   */
  public static List<RequiredFlow> required(EdgeSnapshot snapshot, String source) {
    return snapshot.learned().stream().map(e -> required(e, source)).sorted().toList();
  }

  public static RequiredFlow required(LearnedEdge e, String source) {
    return new RequiredFlow(
        e.source(),
        e.destination(),
        e.protocol(),
        e.port(),
        List.of(new Provenance(Provenance.Source.OBSERVED, evidence(source))));
  }

  /**
   * The source's name alone ({@code observed: hubble-relay} once rendered): the same however often
   * and whenever the edge is seen again.
   */
  public static String evidence(String source) {
    return source;
  }
}
