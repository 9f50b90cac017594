package dev.netseg.flows;

import dev.netseg.model.Peer;
import dev.netseg.policy.Protocol;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * Connections seen between two peers on one protocol and server port, aggregated: when first and
 * last seen and how many records. An external peer carries the DNS names it was seen under.
 */
public record LearnedEdge(
    Peer source,
    Peer destination,
    Protocol protocol,
    int port,
    Instant firstSeen,
    Instant lastSeen,
    long count)
    implements Comparable<LearnedEdge> {

  private static final Comparator<LearnedEdge> ORDER =
      Comparator.comparing(LearnedEdge::source)
          .thenComparing(LearnedEdge::destination)
          .thenComparing(LearnedEdge::protocol)
          .thenComparingInt(LearnedEdge::port);

  public LearnedEdge {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(firstSeen, "firstSeen");
    Objects.requireNonNull(lastSeen, "lastSeen");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range 1-65535: " + port);
    }
    if (count < 1) {
      throw new IllegalArgumentException("count must be positive: " + count);
    }
    if (lastSeen.isBefore(firstSeen)) {
      throw new IllegalArgumentException("lastSeen " + lastSeen + " before firstSeen " + firstSeen);
    }
  }

  /** By source, destination, protocol, port: the edge's key. */
  @Override
  public int compareTo(LearnedEdge o) {
    return ORDER.compare(this, o);
  }

  @Override
  public String toString() {
    return source
        + " -> "
        + destination
        + " "
        + protocol
        + "/"
        + port
        + " x"
        + count
        + " ["
        + firstSeen
        + " .. "
        + lastSeen
        + "]";
  }
}
