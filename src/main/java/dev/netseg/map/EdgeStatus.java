package dev.netseg.map;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What the map says of one port between two nodes, and of an edge (its worst port). Declared from
 * the worst to the mildest: {@link #worst} takes the earlier one.
 */
public enum EdgeStatus {
  OUTAGE("required but blocked", "a flow the application needs that the policies block"),
  REFUSED(
      "refused by a guardrail",
      "a flow some evidence asks for that a segments deny rule forbids: in no policy"),
  HELD(
      "held by the safety gate",
      "a flow in use that the proposal would block: the change waits (status.blockedFlows)"),
  HOLE("allowed but not required", "the policies allow it and no evidence asks for it"),
  UNVERIFIED(
      "required, not checked",
      "a flow to or from a peer outside the input (no pod to evaluate it on)"),
  REQUIRED("required and allowed", "a flow the application needs, and the policies allow it");

  private final String label;
  private final String description;

  EdgeStatus(String label, String description) {
    this.label = label;
    this.description = description;
  }

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String label() {
    return label;
  }

  public String description() {
    return description;
  }

  /** The worse of two statuses. */
  public static EdgeStatus worst(EdgeStatus a, EdgeStatus b) {
    return a.ordinal() <= b.ordinal() ? a : b;
  }
}
