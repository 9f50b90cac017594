package dev.netseg.policy;

/**
 * A destination pod's named container ports with interned names, as one int array of (name,
 * protocol, port) triples scanned linearly: pods have few.
 */
final class NamedPorts {
  static final NamedPorts NONE = new NamedPorts(new int[0], new int[0], new int[0]);

  private final int[] triples;

  NamedPorts(int[] names, int[] protocols, int[] ports) {
    triples = new int[names.length * 3];
    for (int i = 0; i < names.length; i++) {
      triples[3 * i] = names[i];
      triples[3 * i + 1] = protocols[i];
      triples[3 * i + 2] = ports[i];
    }
  }

  boolean has(int name, int protocol, int port) {
    int[] t = triples;
    for (int i = 0; i < t.length; i += 3) {
      if (t[i] == name && t[i + 2] == port && t[i + 1] == protocol) {
        return true;
      }
    }
    return false;
  }

  /** The ports that {@code name} resolves to for {@code protocol}, as a set. */
  ConnectionSet resolve(int name, int protocol) {
    ConnectionSet out = ConnectionSet.none();
    Protocol p = Protocol.values()[protocol];
    for (int i = 0; i < triples.length; i += 3) {
      if (triples[i] == name && triples[i + 1] == protocol) {
        out = out.union(ConnectionSet.of(p, triples[i + 2], triples[i + 2]));
      }
    }
    return out;
  }
}
