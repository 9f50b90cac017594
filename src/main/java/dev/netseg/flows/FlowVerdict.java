package dev.netseg.flows;

/** What the network did with an observed connection. */
public enum FlowVerdict {
  /** The connection went through. */
  FORWARDED,
  /** A policy dropped it: an attempted connection, never learned as allowed. */
  DROPPED,
  /** A policy in audit mode would have dropped it: also never learned as allowed. */
  AUDIT
}
