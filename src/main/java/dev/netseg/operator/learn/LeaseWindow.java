package dev.netseg.operator.learn;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long a replica that has just lost the lead may still write learned edges without racing the
 * next leader. Another replica can take the Lease only once it has seen the Lease unrenewed for its
 * whole duration, counted from when it saw the last renewal, which is no earlier than the renewal
 * this replica wrote. So while the Lease still names this replica and {@code renewTime +
 * leaseDurationSeconds} (both written with this replica's clock) lies ahead by more than the
 * margin, no other replica leads, has loaded the stored edges, or writes them.
 */
public final class LeaseWindow {
  private LeaseWindow() {}

  /**
   * The time left for a final write, the margin already taken off; empty when the Lease is gone,
   * names another holder, lacks a renewal time or duration, or has less than the margin to run.
   */
  public static Optional<Duration> remaining(
      Lease lease, String identity, Instant now, Duration margin) {
    if (lease == null || lease.getSpec() == null) {
      return Optional.empty();
    }
    LeaseSpec spec = lease.getSpec();
    if (!identity.equals(spec.getHolderIdentity())
        || spec.getRenewTime() == null
        || spec.getLeaseDurationSeconds() == null
        || spec.getLeaseDurationSeconds() <= 0) {
      return Optional.empty();
    }
    Instant expires =
        spec.getRenewTime().toInstant().plusSeconds(spec.getLeaseDurationSeconds().longValue());
    Duration left = Duration.between(now, expires).minus(margin);
    return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
  }
}
