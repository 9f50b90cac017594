package dev.netseg.operator.learn;

/**
 * Where the flow sources count what they take: defined here and implemented by the operator's
 * metrics, so that learning does not depend on the package that wires it.
 */
public interface IngestMetrics {
  /** Flow records taken from {@code source}. */
  void flowRecordsIngested(String source, long count);

  /** Malformed flow records from {@code source}, by reason (BAD_JSON, PORT_OUT_OF_RANGE, ...). */
  void flowRecordsRejected(String source, String reason, long count);
}
