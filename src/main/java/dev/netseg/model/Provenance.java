package dev.netseg.model;

import java.util.Objects;

/**
 * Why netseg believes a flow is required: the kind of source and the evidence, phrased so that a
 * reviewer can find it (for example {@code Deployment shop/checkout env
 * PAYMENT_URL=http://payments:8080} or {@code hubble 2026-11-27T10:00:00Z x42}).
 */
public record Provenance(Source source, String evidence) implements Comparable<Provenance> {

  /** The kinds of evidence, in the order reports list them. */
  public enum Source {
    /** A {@code netseg.dev/*} annotation on the workload. */
    DECLARED,
    /** An allow entry in the SegmentationProfile or the CLI's allow file. */
    ALLOW_LIST,
    /** A reference to a Service found in env vars, args or ConfigMaps. */
    MANIFEST,
    /** A Service exposed outside the cluster (LoadBalancer, NodePort, Ingress). */
    EXPOSURE,
    /** A connection seen on the wire by a flow collector. */
    OBSERVED,
    /** Infrastructure every workload needs (DNS, API server). */
    PLATFORM
  }

  public Provenance {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(evidence, "evidence");
  }

  @Override
  public int compareTo(Provenance o) {
    int c = source.compareTo(o.source);
    return c != 0 ? c : evidence.compareTo(o.evidence);
  }

  @Override
  public String toString() {
    return source.name().toLowerCase(java.util.Locale.ROOT) + ": " + evidence;
  }
}
