package dev.netseg.flows;

/**
 * Why a line or record did not become a learned edge. Implemented by {@link SkipReason}, {@link
 * RejectReason} and {@link UnresolvedReason}: a small closed set, so that counters and metrics
 * keyed by reason stay bounded whatever the input.
 */
public sealed interface FlowReason permits SkipReason, RejectReason, UnresolvedReason {
  /** The constant's name, stable for metrics tags. */
  String name();

  /** A phrase for logs and reports. */
  String description();
}
