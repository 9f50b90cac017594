package dev.netseg.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** A rule between segments: exactly one of allow or deny. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.allow) != has(self.deny)",
    message = "a rule has exactly one of allow or deny")
public class SegmentRuleSpec {
  @JsonPropertyDescription(
      "Flows from one zone to another that may be allowed (in intent mode, the only way across"
          + " zones).")
  private SegmentRuleEnds allow;

  @JsonPropertyDescription(
      "A guardrail: matching required flows are refused whatever their evidence (declared,"
          + " allow list, manifests, exposure, observed), and reported in status.refusedFlows.")
  private SegmentRuleEnds deny;

  public SegmentRuleEnds getAllow() {
    return allow;
  }

  public void setAllow(SegmentRuleEnds allow) {
    this.allow = allow;
  }

  public SegmentRuleEnds getDeny() {
    return deny;
  }

  public void setDeny(SegmentRuleEnds deny) {
    this.deny = deny;
  }
}
