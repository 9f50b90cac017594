package dev.netseg.policy;

import java.util.Objects;

/**
 * A connection's verdict with its reasons. {@code allowed} is true exactly when both sides allow,
 * and always equals {@link PolicyEngine#allows(Connection)}.
 */
public record Decision(
    Connection connection, boolean allowed, SideDecision egress, SideDecision ingress) {
  public Decision {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(egress, "egress");
    Objects.requireNonNull(ingress, "ingress");
  }

  /**
   * One line, for example {@code x/b -> x/a TCP 80: denied: ingress of x/a is isolated by x/allow-b
   * and no rule allows x/b; egress of x/b: not isolated}. A denying side is named first; a reason
   * that covers both sides (same pod, node traffic) is printed once.
   */
  public String explanation() {
    Connection c = connection;
    String head =
        c.source()
            + " -> "
            + c.destination()
            + " "
            + c.protocol()
            + " "
            + c.port()
            + ": "
            + (allowed ? "allowed" : "denied")
            + ": ";
    if (egress.reason().equals(ingress.reason())) {
      return head + egress.reason();
    }
    boolean ingressFirst = !ingress.allowed() && egress.allowed();
    SideDecision first = ingressFirst ? ingress : egress;
    SideDecision second = ingressFirst ? egress : ingress;
    return head + first.reason() + "; " + second.reason();
  }
}
