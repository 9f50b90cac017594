package dev.netseg.synth;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a set of ports as NetworkPolicy ports: a port the destination's container names is
 * written by name (it follows the container if the number changes); contiguous numbered ports of
 * one protocol become one {@code port}/{@code endPort} range. Sorted by protocol, then number.
 */
final class PortRanges {
  private PortRanges() {}

  /** One rendered port: a number (with an optional range end) or a name. */
  record Spec(PortKey key, String name, Integer endPort) {}

  /** Ports rendered with fresh objects. */
  static List<NetworkPolicyPort> render(Iterable<PortKey> ports, Map<PortKey, String> names) {
    return render(ports, names, new HashMap<>());
  }

  /**
   * @param ports in ascending order
   * @param names the names of the destination's container ports; empty for egress (numbers only)
   * @param shared equal ports already rendered, reused (the policies of one result share them)
   */
  static List<NetworkPolicyPort> render(
      Iterable<PortKey> ports, Map<PortKey, String> names, Map<Spec, NetworkPolicyPort> shared) {
    List<NetworkPolicyPort> out = new ArrayList<>();
    PortKey start = null;
    PortKey end = null;
    for (PortKey p : ports) {
      String name = names.get(p);
      if (name != null) {
        flush(out, start, end, shared);
        start = null;
        end = null;
        out.add(port(p, name, null, shared));
        continue;
      }
      if (end != null && end.protocol() == p.protocol() && end.port() + 1 == p.port()) {
        end = p;
      } else {
        flush(out, start, end, shared);
        start = p;
        end = p;
      }
    }
    flush(out, start, end, shared);
    return out;
  }

  private static void flush(
      List<NetworkPolicyPort> out,
      PortKey start,
      PortKey end,
      Map<Spec, NetworkPolicyPort> shared) {
    if (start != null) {
      out.add(port(start, null, end.port() > start.port() ? end.port() : null, shared));
    }
  }

  private static NetworkPolicyPort port(
      PortKey key, String name, Integer endPort, Map<Spec, NetworkPolicyPort> shared) {
    return shared.computeIfAbsent(
        new Spec(key, name, endPort),
        s -> {
          NetworkPolicyPort p = new NetworkPolicyPort();
          p.setPort(name != null ? new IntOrString(name) : new IntOrString(key.port()));
          p.setEndPort(endPort);
          p.setProtocol(key.protocol().name());
          return p;
        });
  }
}
