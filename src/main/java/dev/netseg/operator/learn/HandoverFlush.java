package dev.netseg.operator.learn;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The last flush of a replica that lost the lead without shutting down (its renewals failed). It
 * writes only inside the {@link LeaseWindow}: while the Lease still names this replica and has time
 * to run, no other replica can lead, so the write cannot interleave with the next leader's, and the
 * next leader loads what it wrote. Outside the window, or past it, nothing is written: the edges
 * since the previous flush are then lost, as before (Relay replays its share).
 */
public final class HandoverFlush {
  /** Taken off the window for the requests' latency and for the API server's own delay. */
  static final Duration MARGIN = Duration.ofSeconds(1);

  /** What the handover did, for the log and for tests. */
  public enum Outcome {
    /** Written (or nothing had changed since the last flush). */
    FLUSHED,
    /** The Lease is gone, names another replica, or has too little time left: nothing written. */
    OUTSIDE_WINDOW,
    /** The Lease could not be read: nothing written. */
    LEASE_UNREADABLE,
    /** The flush did not finish inside the window and was abandoned. */
    TIMED_OUT,
    /** The flush failed. */
    FAILED
  }

  private final KubernetesClient client;
  private final EdgePersistence persistence;
  private final String leaseNamespace;
  private final String leaseName;
  private final String identity;
  private final Clock clock;

  public HandoverFlush(
      KubernetesClient client,
      EdgePersistence persistence,
      String leaseNamespace,
      String leaseName,
      String identity,
      Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.persistence = Objects.requireNonNull(persistence, "persistence");
    this.leaseNamespace = Objects.requireNonNull(leaseNamespace, "leaseNamespace");
    this.leaseName = Objects.requireNonNull(leaseName, "leaseName");
    this.identity = Objects.requireNonNull(identity, "identity");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public Outcome run() {
    Lease lease;
    try {
      lease = client.leases().inNamespace(leaseNamespace).withName(leaseName).get();
    } catch (RuntimeException e) {
      return Outcome.LEASE_UNREADABLE;
    }
    Optional<Duration> window = LeaseWindow.remaining(lease, identity, clock.instant(), MARGIN);
    if (window.isEmpty()) {
      return Outcome.OUTSIDE_WINDOW;
    }
    ExecutorService once =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "netseg-handover-flush");
              t.setDaemon(true);
              return t;
            });
    try {
      Future<EdgePersistence.FlushResult> flush = once.submit(persistence::flushNow);
      try {
        EdgePersistence.FlushResult result =
            flush.get(window.get().toMillis(), TimeUnit.MILLISECONDS);
        return result.failed() == 0 ? Outcome.FLUSHED : Outcome.FAILED;
      } catch (TimeoutException e) {
        flush.cancel(true);
        return Outcome.TIMED_OUT;
      } catch (ExecutionException e) {
        return Outcome.FAILED;
      } catch (InterruptedException e) {
        flush.cancel(true);
        Thread.currentThread().interrupt();
        return Outcome.TIMED_OUT;
      }
    } finally {
      once.shutdownNow();
    }
  }
}
