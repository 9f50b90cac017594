package dev.netseg.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds a {@link Decision} from the engine's indexes, walking the same rules as the fast path. */
final class Explainer {
  private final PolicyEngine engine;

  Explainer(PolicyEngine engine) {
    this.engine = engine;
  }

  Decision explain(Connection c) {
    PolicyEngine.Resolved s = engine.resolve(c.source());
    PolicyEngine.Resolved d = engine.resolve(c.destination());
    String special = engine.special(s, d);
    if (special != null) {
      SideDecision both = new SideDecision(true, special, List.of(), Optional.empty());
      return new Decision(c, true, both, both);
    }
    int protocol = c.protocol().ordinal();
    SideDecision egress =
        s.isPod()
            ? side(true, s, d, c, engine.egressPolicies(s.peer()), protocol)
            : external("egress", c.source());
    SideDecision ingress =
        d.isPod()
            ? side(false, d, s, c, engine.ingressPolicies(d.peer()), protocol)
            : external("ingress", c.destination());
    return new Decision(c, egress.allowed() && ingress.allowed(), egress, ingress);
  }

  private static SideDecision external(String direction, Endpoint e) {
    return new SideDecision(
        true,
        direction + " of " + e + ": an external address has no policy",
        List.of(),
        Optional.empty());
  }

  /**
   * @param self the pod whose egress (or ingress) is decided
   * @param peer the other side
   */
  private SideDecision side(
      boolean egress,
      PolicyEngine.Resolved self,
      PolicyEngine.Resolved peer,
      Connection c,
      int[] selecting,
      int protocol) {
    String direction = egress ? "egress" : "ingress";
    PodInfo pod = engine.pod(self.peer());
    String selfName = label(self, egress ? c.source() : c.destination());
    String peerName = label(peer, egress ? c.destination() : c.source());
    if (selecting.length == 0) {
      String why = pod.hostNetwork() ? "hostNetwork pod, never isolated" : "not isolated";
      return new SideDecision(
          true, direction + " of " + selfName + ": " + why, List.of(), Optional.empty());
    }
    int dst = egress ? peer.peer() : self.peer();
    NamedPorts dstPorts = dst >= 0 ? engine.namedPorts(dst) : NamedPorts.NONE;
    List<String> names = new ArrayList<>(selecting.length);
    RuleRef allowedBy = null;
    ConnectionSet peerPorts = ConnectionSet.none();
    for (int p : selecting) {
      CompiledPolicy policy = engine.policy(p);
      names.add(policy.id);
      for (CompiledRule r : egress ? policy.egress : policy.ingress) {
        if (!r.matchesPeer(peer.peer())) {
          continue;
        }
        if (allowedBy == null && r.ports.matches(protocol, c.port(), dstPorts)) {
          allowedBy = new RuleRef(policy.id, direction, r.index);
        }
        peerPorts = peerPorts.union(r.ports.resolve(dstPorts));
      }
    }
    if (allowedBy != null) {
      return new SideDecision(
          true,
          direction + " of " + selfName + ": allowed by " + allowedBy,
          names,
          Optional.of(allowedBy));
    }
    String reason =
        direction
            + " of "
            + selfName
            + " is isolated by "
            + String.join(", ", names)
            + " and no rule allows "
            + peerName;
    if (!peerPorts.isEmpty()) {
      reason +=
          " on "
              + c.protocol()
              + " "
              + c.port()
              + " (rules matching "
              + peerName
              + " allow "
              + peerPorts
              + ")";
    }
    return new SideDecision(false, reason, names, Optional.empty());
  }

  /** A pod by name; an address that resolved to a pod as {@code ns/name (ip)}. */
  private String label(PolicyEngine.Resolved r, Endpoint original) {
    if (r.isPod()) {
      String name = engine.pod(r.peer()).ref().toString();
      return original instanceof Endpoint.Address ? name + " (" + original + ")" : name;
    }
    return original.toString();
  }
}
