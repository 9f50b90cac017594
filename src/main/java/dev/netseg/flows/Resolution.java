package dev.netseg.flows;

import java.util.Objects;

/** What {@link FlowResolver} made of a record: an edge, or why there is none. */
public sealed interface Resolution permits Resolution.Resolved, Resolution.Unresolved {

  record Resolved(ObservedEdge edge) implements Resolution {
    public Resolved {
      Objects.requireNonNull(edge, "edge");
    }
  }

  record Unresolved(UnresolvedReason reason, String detail) implements Resolution {
    public Unresolved {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
