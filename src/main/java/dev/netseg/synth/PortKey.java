package dev.netseg.synth;

import dev.netseg.policy.Protocol;
import java.util.Comparator;

/** A protocol and port number, sorted by protocol then number. */
record PortKey(Protocol protocol, int port) implements Comparable<PortKey> {
  private static final Comparator<PortKey> ORDER =
      Comparator.comparing(PortKey::protocol).thenComparingInt(PortKey::port);

  @Override
  public int compareTo(PortKey o) {
    return ORDER.compare(this, o);
  }

  @Override
  public String toString() {
    return protocol + " " + port;
  }
}
