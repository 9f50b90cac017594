package dev.netseg.flows;

/** The line formats {@link FlowReader} reads. */
public enum FlowFormat {
  /** Decide from the first line that tells ({@link FlowReader#detect}), then keep to it. */
  AUTO,
  /** {@code hubble observe -o json}, or Cilium's Hubble exporter file. */
  HUBBLE,
  /** The netseg flow format ({@link GenericFlowParser}). */
  GENERIC
}
