package dev.netseg.operator.http;

import java.util.List;
import java.util.Map;

/** Where an authenticated batch of netseg JSON-lines flow records goes. */
@FunctionalInterface
public interface FlowBatchSink {

  /**
   * What happened to a batch: each line is taken whole or not at all.
   *
   * @param accepted lines learned (parsed, and both ends resolved)
   * @param unresolvedByReason lines parsed whose ends could not be tied to workloads in scope
   * @param rejectedByReason every other line: malformed, or well-formed but not a connection to
   *     learn
   */
  record BatchResult(
      long accepted, Map<String, Long> unresolvedByReason, Map<String, Long> rejectedByReason) {
    public BatchResult {
      unresolvedByReason = Map.copyOf(unresolvedByReason);
      rejectedByReason = Map.copyOf(rejectedByReason);
    }
  }

  /**
   * @param collector the authenticated user that sent the batch, kept as provenance
   * @param lines the body's lines, one record each
   */
  BatchResult accept(String collector, List<String> lines);
}
