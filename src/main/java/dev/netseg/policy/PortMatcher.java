package dev.netseg.policy;

import java.util.List;
import java.util.function.ToIntFunction;

/**
 * The {@code ports} of one rule: numeric ports and ranges as a set, named ports kept as (name,
 * protocol) to be resolved on each destination pod.
 */
final class PortMatcher {
  static final PortMatcher ANY = new PortMatcher(true, ConnectionSet.all(), new int[0], new int[0]);

  private final boolean any;
  private final ConnectionSet numeric;
  private final int[] names;
  private final int[] protocols;

  private PortMatcher(boolean any, ConnectionSet numeric, int[] names, int[] protocols) {
    this.any = any;
    this.numeric = numeric;
    this.names = names;
    this.protocols = protocols;
  }

  static PortMatcher compile(List<ParsedPolicy.Port> ports, ToIntFunction<String> intern) {
    if (ports.isEmpty()) {
      return ANY;
    }
    ConnectionSet numeric = ConnectionSet.none();
    int named = (int) ports.stream().filter(p -> p.name() != null).count();
    int[] names = new int[named];
    int[] protocols = new int[named];
    int n = 0;
    for (ParsedPolicy.Port p : ports) {
      if (p.name() == null) {
        numeric = numeric.union(ConnectionSet.of(p.protocol(), p.from(), p.to()));
      } else {
        names[n] = intern.applyAsInt(p.name());
        protocols[n] = p.protocol().ordinal();
        n++;
      }
    }
    return new PortMatcher(numeric.isAll(), numeric, names, protocols);
  }

  /**
   * @param destination the destination's named ports; {@link NamedPorts#NONE} for an address
   */
  boolean matches(int protocol, int port, NamedPorts destination) {
    if (any || numeric.contains(protocol, port)) {
      return true;
    }
    for (int i = 0; i < names.length; i++) {
      if (protocols[i] == protocol && destination.has(names[i], protocol, port)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The matcher as one array for the flat index, or null for every port: {@code [n, then n
   * (protocol, from, to) triples, then (name, protocol) pairs]}.
   */
  int[] flat() {
    if (any) {
      return null;
    }
    List<Integer> out = new java.util.ArrayList<>();
    out.add(0);
    for (int p = 0; p < 3; p++) {
      int[] r = numeric.ranges(p);
      for (int i = 0; i < r.length; i += 2) {
        out.add(p);
        out.add(r[i]);
        out.add(r[i + 1]);
        out.set(0, out.get(0) + 1);
      }
    }
    for (int i = 0; i < names.length; i++) {
      out.add(names[i]);
      out.add(protocols[i]);
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  ConnectionSet resolve(NamedPorts destination) {
    ConnectionSet out = numeric;
    for (int i = 0; i < names.length && !out.isAll(); i++) {
      out = out.union(destination.resolve(names[i], protocols[i]));
    }
    return out;
  }
}
