package dev.netseg.segment;

import dev.netseg.policy.Protocol;
import java.util.Objects;

/** The ports a rule names: one protocol and an inclusive port range (1-65535 for every port). */
public record PortMatch(Protocol protocol, int from, int to) {
  public PortMatch {
    Objects.requireNonNull(protocol, "protocol");
    if (from < 1 || to > 65535 || from > to) {
      throw new IllegalArgumentException("invalid port range " + from + "-" + to);
    }
  }

  public boolean matches(Protocol p, int port) {
    return protocol == p && port >= from && port <= to;
  }

  @Override
  public String toString() {
    if (from == 1 && to == 65535) {
      return protocol.name();
    }
    return protocol + " " + (from == to ? String.valueOf(from) : from + "-" + to);
  }
}
