package dev.netseg.policy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The verdict of one side of a connection: the source's egress or the destination's ingress.
 *
 * @param allowed whether this side lets the connection through
 * @param reason a human sentence, for example {@code egress of x/b: not isolated}
 * @param selectingPolicies the policies ({@code namespace/name}) that select the pod for this
 *     direction, in snapshot order; empty when the side is not isolated
 * @param allowedBy the first rule that allows the connection, when a rule was needed and found
 */
public record SideDecision(
    boolean allowed, String reason, List<String> selectingPolicies, Optional<RuleRef> allowedBy) {
  public SideDecision {
    Objects.requireNonNull(reason, "reason");
    selectingPolicies = List.copyOf(selectingPolicies);
    Objects.requireNonNull(allowedBy, "allowedBy");
  }
}
