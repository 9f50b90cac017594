package dev.netseg.policy;

/**
 * A destination pod's named container ports with interned names, scanned linearly: pods have few.
 */
final class NamedPorts {
  static final NamedPorts NONE = new NamedPorts(new int[0], new int[0], new int[0]);

  private final int[] names;
  private final int[] protocols;
  private final int[] ports;

  NamedPorts(int[] names, int[] protocols, int[] ports) {
    this.names = names;
    this.protocols = protocols;
    this.ports = ports;
  }

  boolean has(int name, int protocol, int port) {
    for (int i = 0; i < names.length; i++) {
      if (names[i] == name && ports[i] == port && protocols[i] == protocol) {
        return true;
      }
    }
    return false;
  }

  /** The ports that {@code name} resolves to for {@code protocol}, as a set. */
  ConnectionSet resolve(int name, int protocol) {
    ConnectionSet out = ConnectionSet.none();
    Protocol p = Protocol.values()[protocol];
    for (int i = 0; i < names.length; i++) {
      if (names[i] == name && protocols[i] == protocol) {
        out = out.union(ConnectionSet.of(p, ports[i], ports[i]));
      }
    }
    return out;
  }
}
