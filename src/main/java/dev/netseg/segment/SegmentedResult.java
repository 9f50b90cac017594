package dev.netseg.segment;

import dev.netseg.synth.GenerationResult;
import dev.netseg.workload.WorkloadRef;
import java.util.List;

/**
 * What {@link SegmentedGenerator} produced.
 *
 * @param generation the policies (with segment peers where exact) and the allowed flows: what
 *     verify must not find blocked
 * @param assignment each workload's zone
 * @param evaluation every inferred flow's decision; {@code refused()} are left out of the policies
 * @param segmentPeers workloads whose policy names a segment as a peer
 * @param segmentPeersReverted workloads whose segment peers the semantics engine found inexact,
 *     which kept their per-workload rules
 */
public record SegmentedResult(
    GenerationResult generation,
    SegmentAssignment assignment,
    SegmentEvaluation evaluation,
    List<WorkloadRef> segmentPeers,
    List<WorkloadRef> segmentPeersReverted) {
  public SegmentedResult {
    segmentPeers = List.copyOf(segmentPeers);
    segmentPeersReverted = List.copyOf(segmentPeersReverted);
  }

  public List<FlowDecision> refused() {
    return evaluation.refused();
  }
}
