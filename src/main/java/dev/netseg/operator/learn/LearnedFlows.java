package dev.netseg.operator.learn;

import dev.netseg.model.RequiredFlow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What the operator has learned from flow sources, as the reconciler needs it. */
public interface LearnedFlows {

  /**
   * Learned (forwarded) edges that touch {@code namespace}, seen within {@code retention} before
   * {@code now}, as required flows with OBSERVED provenance.
   */
  List<RequiredFlow> observed(String namespace, Duration retention, Instant now);

  /**
   * When the next of the learned edges touching {@code namespace} that count now ({@link
   * #observed}) stops counting, unless it is seen again: its last sighting plus {@code retention}.
   * Empty when none counts.
   */
  default Optional<Instant> nextExpiry(String namespace, Duration retention, Instant now) {
    return Optional.empty();
  }

  /** Number of learned edges that touch {@code namespace}. */
  long edges(String namespace);

  /** Flow records that matched no workload, so far. */
  long unresolvedRecords();

  /**
   * The sources among {@code wanted} (all configured sources when empty) that are unavailable now,
   * each as {@code name: why}.
   */
  List<String> unavailable(List<String> wanted);

  /** Nothing learned, no sources: for an operator run without flow sources. */
  LearnedFlows NONE =
      new LearnedFlows() {
        @Override
        public List<RequiredFlow> observed(String namespace, Duration retention, Instant now) {
          return List.of();
        }

        @Override
        public long edges(String namespace) {
          return 0;
        }

        @Override
        public long unresolvedRecords() {
          return 0;
        }

        @Override
        public List<String> unavailable(List<String> wanted) {
          return List.of();
        }
      };
}
