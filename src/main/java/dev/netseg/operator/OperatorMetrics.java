package dev.netseg.operator;

import dev.netseg.flows.UnresolvedReason;
import dev.netseg.operator.learn.FlowLearning;
import dev.netseg.operator.learn.IngestMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.function.Supplier;

/**
 * netseg's own metrics (JOSDK's micrometer-support adds the reconcile counts and durations, per
 * controller): the decision time, policies written, changes held, flow records ingested and
 * rejected by reason, and four gauges per profile ({@link ProfileGauges}). docs/metrics.md lists
 * them all.
 */
public final class OperatorMetrics implements IngestMetrics {
  private final MeterRegistry registry;
  private final Timer decision;
  private final Counter applied;
  private final Counter deleted;
  private final Counter holds;
  private final ProfileGauges profiles;

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.profiles = new ProfileGauges(registry);
    this.decision =
        Timer.builder("netseg.decision.duration")
            .description("Time to compute a profile's policies and run the safety gate")
            .register(registry);
    this.applied =
        Counter.builder("netseg.policies.applied")
            .description("NetworkPolicies created or updated")
            .register(registry);
    this.deleted =
        Counter.builder("netseg.policies.deleted")
            .description("NetworkPolicies deleted because no longer wanted")
            .register(registry);
    this.holds =
        Counter.builder("netseg.changes.held")
            .description("Policy changes held because they would block required flows")
            .register(registry);
  }

  public <T> T timeDecision(Supplier<T> work) {
    return decision.record(work);
  }

  public void policiesWritten(int appliedCount, int deletedCount) {
    applied.increment(appliedCount);
    deleted.increment(deletedCount);
  }

  public void held() {
    holds.increment();
  }

  @Override
  public void flowRecordsIngested(String source, long count) {
    registry.counter("netseg.flows.ingested", "source", source).increment(count);
  }

  @Override
  public void flowRecordsRejected(String source, String reason, long count) {
    registry.counter("netseg.flows.rejected", "source", source, "reason", reason).increment(count);
  }

  /**
   * Gauges and counters read from the learner at each scrape: learned edges ({@code
   * netseg_flows_learned_edges}), records that resolved to no workload by source and reason ({@code
   * netseg_flows_unresolved_total}), and whether each configured source delivers ({@code
   * netseg_flows_source_available}, 1 or 0).
   */
  public void bindLearning(FlowLearning learning) {
    Gauge.builder("netseg.flows.learned.edges", learning, l -> l.learnedEdges())
        .description("Distinct learned (forwarded) edges in memory, all namespaces")
        .register(registry);
    for (String source : learning.sources()) {
      for (UnresolvedReason reason : UnresolvedReason.values()) {
        FunctionCounter.builder(
                "netseg.flows.unresolved", learning, l -> l.stats(source).count(reason))
            .description("Flow records that matched no workload in scope")
            .tags("source", source, "reason", reason.name())
            .register(registry);
      }
      Gauge.builder("netseg.flows.source.available", learning, l -> l.available(source) ? 1 : 0)
          .description("1 while the flow source delivers, 0 while it is down or not started")
          .tag("source", source)
          .register(registry);
    }
  }

  /** A profile's gauges as of its reconcile ({@link ProfileGauges}). */
  void profileReconciled(String namespace, String profile, ProfileGauges.Reading reading) {
    profiles.set(namespace, profile, reading);
  }

  /** Removes the gauges of a deleted profile. */
  void profileDeleted(String namespace, String profile) {
    profiles.remove(namespace, profile);
  }

  public MeterRegistry registry() {
    return registry;
  }
}
