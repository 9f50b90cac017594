package dev.netseg.dataplane;

import dev.netseg.policy.Protocol;

/** A protocol and port that a probe goes to. */
record PortKey(Protocol protocol, int port) implements Comparable<PortKey> {
  static PortKey tcp(int port) {
    return new PortKey(Protocol.TCP, port);
  }

  static PortKey udp(int port) {
    return new PortKey(Protocol.UDP, port);
  }

  @Override
  public int compareTo(PortKey o) {
    int c = protocol.compareTo(o.protocol);
    return c != 0 ? c : Integer.compare(port, o.port);
  }

  @Override
  public String toString() {
    return protocol + " " + port;
  }
}
