package dev.netseg.synth;

import dev.netseg.model.RequiredFlow;
import java.util.List;

/**
 * Decides which inferred flows synthesis may turn into rules: segmentation guardrails refuse some
 * (dev.netseg.segment). Receives the flows sorted and must return a sublist in the same order.
 */
@FunctionalInterface
public interface FlowGate {
  /** Every flow passes. */
  FlowGate ALL = flows -> flows;

  List<RequiredFlow> admit(List<RequiredFlow> flows);
}
