package dev.netseg.operator.crd;

/** What the safety gate does with a change that would block a required flow. */
public enum OnBlockedFlow {
  Hold,
  Apply
}
