package dev.netseg.operator;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Map;

/**
 * Tells {@link OperatorMetrics} when a profile is gone, so that its gauges leave the scrape. JOSDK
 * calls {@link #cleanupDoneFor} once it has dropped a deleted primary resource (also for a
 * reconciler without finalizer, as netseg's), after any reconcile of it that was running.
 */
final class DeletedProfileMetrics implements Metrics {
  private final OperatorMetrics metrics;

  DeletedProfileMetrics(OperatorMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void cleanupDoneFor(ResourceID resourceID, Map<String, Object> metadata) {
    metrics.profileDeleted(resourceID.getNamespace().orElse(""), resourceID.getName());
  }
}
