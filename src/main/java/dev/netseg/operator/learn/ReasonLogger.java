package dev.netseg.operator.learn;

import dev.netseg.flows.FirstOccurrenceListener;
import dev.netseg.flows.FlowReason;
import dev.netseg.flows.RejectReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the first occurrence of each reason a source's record was not learned, with an example;
 * every later one is only counted (in the source's counter and the metrics), never logged.
 * Malformed input is a warning; skips (replies, ICMP) and unresolved records are normal.
 */
final class ReasonLogger implements FirstOccurrenceListener {
  private static final Logger LOG = LoggerFactory.getLogger(FlowLearning.class);
  private final String source;

  ReasonLogger(String source) {
    this.source = source;
  }

  @Override
  public void firstOccurrence(FlowReason reason, String detail, String example) {
    if (reason instanceof RejectReason) {
      LOG.warn(
          "Flow source {}: rejected a record, {} ({}): {}; example: {} (logged once, further ones"
              + " are counted in netseg_flows_rejected_total)",
          source,
          reason.description(),
          reason.name(),
          detail,
          example);
    } else {
      LOG.info(
          "Flow source {}: a record was not learned, {} ({}): {}; example: {} (logged once)",
          source,
          reason.description(),
          reason.name(),
          detail,
          example);
    }
  }
}
