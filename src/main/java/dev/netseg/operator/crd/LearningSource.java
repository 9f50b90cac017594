package dev.netseg.operator.crd;

/** A kind of evidence for required flows. */
public enum LearningSource {
  Declarations,
  Manifests,
  ObservedFlows
}
