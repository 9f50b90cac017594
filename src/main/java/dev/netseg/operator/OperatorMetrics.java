package dev.netseg.operator;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.function.Supplier;

/**
 * netseg's own metrics (JOSDK's micrometer-support adds the reconcile counts and durations): the
 * decision time, policies written, changes held, flow records ingested and rejected by reason.
 */
public final class OperatorMetrics {
  private final MeterRegistry registry;
  private final Timer decision;
  private final Counter applied;
  private final Counter deleted;
  private final Counter holds;
  private final java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> refused =
      new java.util.concurrent.ConcurrentHashMap<>();

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
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

  /** Flow records taken from {@code source}. */
  public void flowRecordsIngested(String source, long count) {
    registry.counter("netseg.flows.ingested", "source", source).increment(count);
  }

  /** Flow records refused, by reason (malformed JSON, port out of range, ...). */
  public void flowRecordsRejected(String source, String reason, long count) {
    registry.counter("netseg.flows.rejected", "source", source, "reason", reason).increment(count);
  }

  /**
   * Required flows a profile's segments refuse, as of its last decision: the gauge {@code
   * netseg_refused_flows{namespace,profile}}.
   */
  public void refusedFlows(String namespace, String profile, int count) {
    refused
        .computeIfAbsent(
            namespace + "/" + profile,
            k -> {
              java.util.concurrent.atomic.AtomicInteger value =
                  new java.util.concurrent.atomic.AtomicInteger();
              io.micrometer.core.instrument.Gauge.builder("netseg.refused.flows", value::get)
                  .description("Required flows the profile's segments refuse (never allowed)")
                  .tag("namespace", namespace)
                  .tag("profile", profile)
                  .register(registry);
              return value;
            })
        .set(count);
  }

  public MeterRegistry registry() {
    return registry;
  }
}
