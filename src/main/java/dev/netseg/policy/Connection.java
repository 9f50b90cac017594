package dev.netseg.policy;

import java.util.Objects;

/** A connection attempt: who opens it, to whom, over which protocol and destination port. */
public record Connection(Endpoint source, Endpoint destination, Protocol protocol, int port) {
  public Connection {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(protocol, "protocol");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range 1-65535: " + port);
    }
  }
}
