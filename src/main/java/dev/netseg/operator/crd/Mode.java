package dev.netseg.operator.crd;

/** Whether netseg only proposes policies or writes them. */
public enum Mode {
  Observe,
  Enforce
}
