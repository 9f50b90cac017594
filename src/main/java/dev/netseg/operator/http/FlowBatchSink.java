package dev.netseg.operator.http;

import java.util.List;
import java.util.Map;

/** Where an authenticated batch of netseg JSON-lines flow records goes. */
@FunctionalInterface
public interface FlowBatchSink {

  /** What happened to a batch: each line is taken whole or not at all. */
  record BatchResult(long accepted, Map<String, Long> rejectedByReason) {
    public BatchResult {
      rejectedByReason = Map.copyOf(rejectedByReason);
    }
  }

  /**
   * @param collector the authenticated user that sent the batch, kept as provenance
   * @param lines the body's lines, one record each
   */
  BatchResult accept(String collector, List<String> lines);
}
