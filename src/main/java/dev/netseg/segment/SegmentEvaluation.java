package dev.netseg.segment;

import dev.netseg.model.RequiredFlow;
import java.util.List;

/**
 * Required flows split by the segmentation.
 *
 * @param allowed the flows synthesis may turn into rules, in input order
 * @param refused the flows a guardrail or the intent forbids, each with its reason and (through its
 *     flow) its provenance, in input order
 * @param decisions every flow's decision, in input order (for the segment matrix)
 */
public record SegmentEvaluation(
    List<RequiredFlow> allowed, List<FlowDecision> refused, List<FlowDecision> decisions) {
  public SegmentEvaluation {
    allowed = List.copyOf(allowed);
    refused = List.copyOf(refused);
    decisions = List.copyOf(decisions);
  }

  /** Nothing refused. */
  public static SegmentEvaluation allowing(List<RequiredFlow> flows) {
    return new SegmentEvaluation(flows, List.of(), List.of());
  }
}
