package dev.netseg.synth;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Renders a set of ports as NetworkPolicy ports: a port the destination's container names is
 * written by name (it follows the container if the number changes); contiguous numbered ports of
 * one protocol become one {@code port}/{@code endPort} range. Sorted by protocol, then number.
 */
final class PortRanges {
  private PortRanges() {}

  /**
   * @param ports in ascending order
   * @param names the names of the destination's container ports; empty for egress (numbers only)
   */
  static List<NetworkPolicyPort> render(Iterable<PortKey> ports, Map<PortKey, String> names) {
    List<NetworkPolicyPort> out = new ArrayList<>();
    PortKey start = null;
    PortKey end = null;
    for (PortKey p : ports) {
      String name = names.get(p);
      if (name != null) {
        flush(out, start, end);
        start = null;
        end = null;
        out.add(port(p, new IntOrString(name), null));
        continue;
      }
      if (end != null && end.protocol() == p.protocol() && end.port() + 1 == p.port()) {
        end = p;
      } else {
        flush(out, start, end);
        start = p;
        end = p;
      }
    }
    flush(out, start, end);
    return out;
  }

  private static void flush(List<NetworkPolicyPort> out, PortKey start, PortKey end) {
    if (start != null) {
      out.add(
          port(
              start, new IntOrString(start.port()), end.port() > start.port() ? end.port() : null));
    }
  }

  private static NetworkPolicyPort port(PortKey key, IntOrString port, Integer endPort) {
    NetworkPolicyPort p = new NetworkPolicyPort();
    p.setPort(port);
    p.setEndPort(endPort);
    p.setProtocol(key.protocol().name());
    return p;
  }
}
