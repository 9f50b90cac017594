package dev.netseg.operator.learn;

import dev.netseg.flows.FlowLearner;
import dev.netseg.flows.FlowRecord;
import dev.netseg.flows.GenericFlowParser;
import dev.netseg.flows.IngestCounter;
import dev.netseg.flows.Outcome;
import dev.netseg.flows.RejectReason;
import dev.netseg.operator.http.FlowBatchSink;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the batches of {@code POST /api/v1/flows}: each line is one record of the netseg flow
 * format, parsed on its own and learned whole or not at all. {@code accepted} counts the lines that
 * parsed (a record that then resolves to no workload in scope is counted as unresolved, as for
 * every source); {@code rejectedByReason} names every other line by its reason, malformed lines
 * ({@code BAD_JSON}, {@code PORT_OUT_OF_RANGE}, ...) and well-formed ones that are not learned
 * ({@code UNSUPPORTED_PROTOCOL} for ICMP), so that the collector can account for each line. The
 * metric {@code netseg.flows.rejected} counts only the malformed ones.
 */
public final class HttpFlowSink implements FlowBatchSink {
  private static final Logger LOG = LoggerFactory.getLogger(HttpFlowSink.class);
  private static final String SOURCE = FlowSourceNames.HTTP;

  private final GenericFlowParser parser = new GenericFlowParser();
  private final FlowLearner learner;
  private final IngestCounter counter;
  private final IngestMetrics metrics;
  private final Set<String> collectorsSeen = ConcurrentHashMap.newKeySet();

  HttpFlowSink(FlowLearner learner, IngestCounter counter, IngestMetrics metrics) {
    this.learner = Objects.requireNonNull(learner, "learner");
    this.counter = Objects.requireNonNull(counter, "counter");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  @Override
  public BatchResult accept(String collector, List<String> lines) {
    if (collectorsSeen.add(collector)) {
      LOG.info("Accepting flow records from collector {}", collector);
    }
    long accepted = 0;
    Map<String, Long> notTaken = new TreeMap<>();
    Map<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);
    for (String line : lines) {
      Outcome<FlowRecord> outcome = parser.parse(line);
      counter.count(outcome, () -> line);
      if (outcome instanceof Outcome.Accepted<FlowRecord> a) {
        learner.accept(a.value());
        accepted++;
      } else if (outcome instanceof Outcome.Rejected<FlowRecord> r) {
        rejected.merge(r.reason(), 1L, Long::sum);
        notTaken.merge(r.reason().name(), 1L, Long::sum);
      } else if (outcome instanceof Outcome.Skipped<FlowRecord> s) {
        notTaken.merge(s.reason().name(), 1L, Long::sum);
      }
    }
    if (accepted > 0) {
      metrics.flowRecordsIngested(SOURCE, accepted);
    }
    rejected.forEach((reason, n) -> metrics.flowRecordsRejected(SOURCE, reason.name(), n));
    return new BatchResult(accepted, notTaken);
  }
}
