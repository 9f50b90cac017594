package dev.netseg.policy;

import inet.ipaddr.IPAddress;
import java.util.Objects;

/**
 * One side of a connection as the semantics engine sees it: a pod known to the cluster snapshot (by
 * namespace and name), or an address outside the pod network.
 */
public sealed interface Endpoint {

  /** A pod of the snapshot. */
  record PodRef(String namespace, String name) implements Endpoint {
    public PodRef {
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
      return namespace + "/" + name;
    }
  }

  /** A single IP address that belongs to no pod of the snapshot (a node, or the outside world). */
  record Address(IPAddress ip) implements Endpoint {
    public Address {
      Objects.requireNonNull(ip, "ip");
      if (ip.getPrefixLength() != null && !ip.isSingleNetwork()) {
        throw new IllegalArgumentException("not a single address: " + ip);
      }
      ip = ip.withoutPrefixLength();
    }

    @Override
    public String toString() {
      return ip.toCanonicalString();
    }
  }
}
