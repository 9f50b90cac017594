package dev.netseg.segment;

import dev.netseg.model.Provenance;
import dev.netseg.model.RequiredFlow;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Splits required flows into the ones the segmentation allows and the ones it refuses. Pure.
 *
 * <ul>
 *   <li>A {@code deny} rule that matches refuses the flow, whatever its evidence (declared,
 *       allow-list, manifest, exposure, observed): guardrails always win.
 *   <li>In {@code intent} mode, a flow that crosses zones is refused unless an {@code allow} rule
 *       matches it. Flows inside one zone, and platform flows (DNS, API server: only {@code
 *       platform} evidence, set by generator options), need no allow rule.
 *   <li>In {@code guardrails-only} mode every flow no deny rule matches is allowed.
 * </ul>
 */
public final class SegmentEvaluator {
  private final SegmentAssignment zones;

  public SegmentEvaluator(SegmentAssignment zones) {
    this.zones = Objects.requireNonNull(zones, "zones");
  }

  public SegmentAssignment assignment() {
    return zones;
  }

  public FlowDecision decide(RequiredFlow flow) {
    String from = zones.zoneOf(flow.source());
    String to = zones.zoneOf(flow.destination());
    Optional<SegmentRule> allow = Optional.empty();
    for (SegmentRule r : zones.segmentation().rules()) {
      if (r.matches(from, to, flow.protocol(), flow.port())) {
        if (r.action() == SegmentRule.Action.DENY) {
          return new FlowDecision(flow, from, to, Verdict.DENIED, Optional.of(r), true);
        }
        if (allow.isEmpty()) {
          allow = Optional.of(r);
        }
      }
    }
    if (allow.isPresent()) {
      return new FlowDecision(flow, from, to, Verdict.ALLOWED, allow, false);
    }
    boolean refused =
        zones.segmentation().mode() == SegmentMode.INTENT
            && !from.equals(to)
            && !platformOnly(flow);
    return new FlowDecision(flow, from, to, Verdict.NOT_COVERED, Optional.empty(), refused);
  }

  private static boolean platformOnly(RequiredFlow flow) {
    return flow.provenance().stream().allMatch(p -> p.source() == Provenance.Source.PLATFORM);
  }

  /** Every flow's decision, in input order, split into allowed and refused. */
  public SegmentEvaluation evaluate(List<RequiredFlow> flows) {
    List<RequiredFlow> allowed = new ArrayList<>(flows.size());
    List<FlowDecision> refused = new ArrayList<>();
    List<FlowDecision> all = new ArrayList<>(flows.size());
    for (RequiredFlow f : flows) {
      FlowDecision d = decide(f);
      all.add(d);
      if (d.refused()) {
        refused.add(d);
      } else {
        allowed.add(f);
      }
    }
    return new SegmentEvaluation(allowed, refused, all);
  }
}
