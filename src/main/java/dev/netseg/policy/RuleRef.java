package dev.netseg.policy;

import java.util.Objects;

/**
 * One rule of one NetworkPolicy.
 *
 * @param policy the policy as {@code namespace/name}
 * @param direction {@code ingress} or {@code egress}
 * @param ruleIndex the index in {@code spec.ingress} or {@code spec.egress}
 */
public record RuleRef(String policy, String direction, int ruleIndex) {
  public RuleRef {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(direction, "direction");
  }

  @Override
  public String toString() {
    return policy + " " + direction + " rule " + ruleIndex;
  }
}
