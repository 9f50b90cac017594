package dev.netseg.operator.learn;

import dev.netseg.flows.FlowLearner;
import dev.netseg.flows.FlowRecord;
import dev.netseg.flows.FutureTimeLimit;
import dev.netseg.flows.GenericFlowParser;
import dev.netseg.flows.IngestCounter;
import dev.netseg.flows.Outcome;
import dev.netseg.flows.RejectReason;
import dev.netseg.flows.UnresolvedReason;
import dev.netseg.operator.http.FlowBatchSink;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the batches of {@code POST /api/v1/flows}: each line is one record of the netseg flow
 * format, parsed on its own and learned whole or not at all. The result accounts for every line:
 * {@code accepted} counts the lines learned; {@code unresolvedByReason} the lines that parsed but
 * whose ends resolve to no workload in scope ({@code OUT_OF_SCOPE}, {@code UNKNOWN_POD}); {@code
 * rejectedByReason} every other line, malformed ({@code BAD_JSON}, {@code PORT_OUT_OF_RANGE}, ...)
 * or well-formed but not learned ({@code UNSUPPORTED_PROTOCOL} for ICMP), and records dated more
 * than the skew ahead of the operator's clock ({@code FUTURE_TIME}, see {@link FutureTimeLimit}).
 * The metric {@code netseg.flows.ingested} counts the lines that parsed (learned or unresolved, as
 * for every source), {@code netseg.flows.rejected} only the malformed ones.
 */
public final class HttpFlowSink implements FlowBatchSink {
  private static final Logger LOG = LoggerFactory.getLogger(HttpFlowSink.class);
  private static final String SOURCE = FlowSourceNames.HTTP;

  private final GenericFlowParser parser = new GenericFlowParser();
  private final FutureTimeLimit futureTime;
  private final Clock clock;
  private final FlowLearner learner;
  private final IngestCounter counter;
  private final IngestMetrics metrics;
  private final Set<String> collectorsSeen = ConcurrentHashMap.newKeySet();

  HttpFlowSink(
      FlowLearner learner,
      IngestCounter counter,
      IngestMetrics metrics,
      FutureTimeLimit futureTime,
      Clock clock) {
    this.futureTime = Objects.requireNonNull(futureTime, "futureTime");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.learner = Objects.requireNonNull(learner, "learner");
    this.counter = Objects.requireNonNull(counter, "counter");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  @Override
  public BatchResult accept(String collector, List<String> lines) {
    if (collectorsSeen.add(collector)) {
      LOG.info("Accepting flow records from collector {}", collector);
    }
    long parsed = 0;
    long learned = 0;
    Map<String, Long> unresolved = new TreeMap<>();
    Map<String, Long> notTaken = new TreeMap<>();
    Map<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);
    for (String line : lines) {
      Outcome<FlowRecord> outcome = futureTime.check(parser.parse(line), clock.instant());
      counter.count(outcome, () -> line);
      if (outcome instanceof Outcome.Accepted<FlowRecord> a) {
        parsed++;
        Optional<UnresolvedReason> why = learner.learn(a.value());
        if (why.isPresent()) {
          unresolved.merge(why.get().name(), 1L, Long::sum);
        } else {
          learned++;
        }
      } else if (outcome instanceof Outcome.Rejected<FlowRecord> r) {
        rejected.merge(r.reason(), 1L, Long::sum);
        notTaken.merge(r.reason().name(), 1L, Long::sum);
      } else if (outcome instanceof Outcome.Skipped<FlowRecord> s) {
        notTaken.merge(s.reason().name(), 1L, Long::sum);
      }
    }
    if (parsed > 0) {
      metrics.flowRecordsIngested(SOURCE, parsed);
    }
    rejected.forEach((reason, n) -> metrics.flowRecordsRejected(SOURCE, reason.name(), n));
    return new BatchResult(learned, unresolved, notTaken);
  }
}
