package dev.netseg.segment;

import dev.netseg.model.RequiredFlow;
import java.util.Objects;
import java.util.Optional;

/**
 * The segmentation's decision on one required flow.
 *
 * @param from the source's zone
 * @param to the destination's zone
 * @param rule the deny rule that refuses it, or the allow rule that permits it
 * @param refused true when the flow must not be allowed
 */
public record FlowDecision(
    RequiredFlow flow,
    String from,
    String to,
    Verdict verdict,
    Optional<SegmentRule> rule,
    boolean refused) {
  public FlowDecision {
    Objects.requireNonNull(flow, "flow");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(rule, "rule");
  }

  /** Why it is refused (or allowed), for reports. */
  public String reason() {
    return switch (verdict) {
      case DENIED -> "denied by " + rule.orElseThrow().describe();
      case ALLOWED -> "allowed by " + rule.orElseThrow().describe();
      case NOT_COVERED ->
          refused
              ? "no allow rule from " + from + " to " + to + " (mode intent)"
              : "no rule from " + from + " to " + to;
    };
  }
}
