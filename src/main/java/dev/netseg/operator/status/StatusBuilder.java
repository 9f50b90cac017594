package dev.netseg.operator.status;

import dev.netseg.model.Peer;
import dev.netseg.model.RequiredFlow;
import dev.netseg.operator.crd.BlockedFlow;
import dev.netseg.operator.crd.RefusedFlow;
import dev.netseg.operator.crd.SegmentationProfileStatus;
import dev.netseg.operator.decide.ProfileDecider;
import dev.netseg.operator.decide.ProfileOutcome;
import dev.netseg.segment.FlowDecision;
import java.time.Instant;
import java.util.Objects;

/**
 * Builds a profile's status from a decision. Pure and deterministic: the same decision on the same
 * previous status gives an equal status, which is how a reconcile that changes nothing makes no
 * write.
 */
public final class StatusBuilder {
  private StatusBuilder() {}

  /** What the reconciler knows besides the decision. */
  public record Context(
      long generation,
      Instant now,
      Instant learningSince,
      long learnedEdges,
      long unresolvedRecords,
      boolean wrote,
      String proposalName) {}

  public static SegmentationProfileStatus build(
      SegmentationProfileStatus previous, ProfileOutcome outcome, Context ctx) {
    SegmentationProfileStatus s = new SegmentationProfileStatus();
    s.setObservedGeneration(ctx.generation());
    s.setConditions(
        Conditions.apply(
            previous == null ? null : previous.getConditions(),
            outcome.conditions(),
            ctx.generation(),
            ctx.now()));
    s.setWorkloads(outcome.workloads());
    s.setPolicies(policies(outcome));
    s.setLearnedEdges(ctx.learnedEdges());
    s.setUnresolvedRecords(ctx.unresolvedRecords());
    s.setManagedPolicies(outcome.managed().isEmpty() ? null : outcome.managed());
    s.setBlockedFlowCount(outcome.blocked().size());
    // An empty list is left out: the API server may store [] as absent, and a status that reads
    // back differently would be patched again on every reconcile.
    s.setBlockedFlows(
        outcome.blocked().isEmpty()
            ? null
            : outcome.blocked().stream()
                .limit(ProfileDecider.MAX_LISTED)
                .map(StatusBuilder::blocked)
                .toList());
    s.setRefusedFlowCount(outcome.refused().size());
    s.setRefusedFlows(
        outcome.refused().isEmpty()
            ? null
            : outcome.refused().stream()
                .limit(ProfileDecider.MAX_LISTED)
                .map(StatusBuilder::refused)
                .toList());
    s.setLearningSince(ctx.learningSince().toString());
    s.setLastAppliedTime(
        ctx.wrote()
            ? ctx.now().toString()
            : previous == null ? null : previous.getLastAppliedTime());
    s.setProposal(ctx.proposalName());
    s.setWarnings(outcome.warnings().isEmpty() ? null : outcome.warnings());
    return s;
  }

  /**
   * The POLICIES column: the policies in force that the profile owns once it enforces (or holds a
   * change), else the policies of its proposal that could be written (a name clash never is).
   */
  public static int policies(ProfileOutcome outcome) {
    return switch (outcome.phase()) {
      case ENFORCING, HELD -> outcome.managed().size();
      default -> outcome.proposed().size() - outcome.plan().clashes().size();
    };
  }

  private static BlockedFlow blocked(RequiredFlow f) {
    BlockedFlow b = new BlockedFlow();
    b.setSource(name(f.source()));
    b.setDestination(name(f.destination()));
    b.setProtocol(f.protocol().name());
    b.setPort(f.port());
    b.setProvenance(f.provenance().stream().map(Object::toString).toList());
    return b;
  }

  private static RefusedFlow refused(FlowDecision d) {
    RefusedFlow r = new RefusedFlow();
    r.setSource(name(d.flow().source()));
    r.setDestination(name(d.flow().destination()));
    r.setProtocol(d.flow().protocol().name());
    r.setPort(d.flow().port());
    r.setSourceSegment(d.from());
    r.setDestinationSegment(d.to());
    r.setReason(d.reason());
    r.setProvenance(d.flow().provenance().stream().map(Object::toString).toList());
    return r;
  }

  private static String name(Peer p) {
    return p.toString();
  }

  /** Status equality as the API server would see it (field by field, via JSON). */
  public static boolean same(SegmentationProfileStatus a, SegmentationProfileStatus b) {
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    return Objects.equals(mapper.valueToTree(a), mapper.valueToTree(b));
  }
}
