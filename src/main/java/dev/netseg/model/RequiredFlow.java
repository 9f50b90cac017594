package dev.netseg.model;

import dev.netseg.policy.Protocol;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A connection a workload needs: from {@code source} to {@code destination} on the destination's
 * {@code port} (the pod's target port, never a Service port: policies act after the Service
 * translation), with every piece of evidence for it.
 */
public record RequiredFlow(
    Peer source, Peer destination, Protocol protocol, int port, List<Provenance> provenance)
    implements Comparable<RequiredFlow> {

  private static final Comparator<RequiredFlow> ORDER =
      Comparator.comparing(RequiredFlow::source)
          .thenComparing(RequiredFlow::destination)
          .thenComparing(RequiredFlow::protocol)
          .thenComparingInt(RequiredFlow::port);

  public RequiredFlow {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(protocol, "protocol");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range 1-65535: " + port);
    }
    provenance = normalized(provenance);
  }

  /** Distinct and sorted, without a stream: generation builds hundreds of thousands of flows. */
  private static List<Provenance> normalized(List<Provenance> provenance) {
    if (provenance.size() <= 1) {
      return List.copyOf(provenance);
    }
    return List.copyOf(new TreeSet<>(provenance));
  }

  @Override
  public int compareTo(RequiredFlow o) {
    return ORDER.compare(this, o);
  }

  @Override
  public String toString() {
    return source + " -> " + destination + " " + protocol + "/" + port;
  }
}
