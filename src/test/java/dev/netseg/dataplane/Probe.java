package dev.netseg.dataplane;

import dev.netseg.policy.Connection;

/** A fresh connection from one peer to another on one protocol and port. */
record Probe(Peer from, Peer to, PortKey port) {
  /** The same connection as the engine sees it. */
  Connection connection() {
    return new Connection(from.endpoint(), to.endpoint(), port.protocol(), port.port());
  }

  @Override
  public String toString() {
    return from + " -> " + to + " " + port;
  }
}
