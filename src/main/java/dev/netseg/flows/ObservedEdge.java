package dev.netseg.flows;

import dev.netseg.model.Peer;
import dev.netseg.policy.Protocol;
import java.time.Instant;
import java.util.Objects;

/** One flow record resolved to its peers at the time it was seen: what {@link EdgeStore} adds. */
public record ObservedEdge(
    Peer source, Peer destination, Protocol protocol, int port, Instant time, FlowVerdict verdict) {
  public ObservedEdge {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(verdict, "verdict");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range 1-65535: " + port);
    }
  }
}
