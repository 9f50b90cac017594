package dev.netseg.operator.lead;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the Lease over when a leader shuts down, so that the next replica leads within its retry
 * period (2 s) instead of waiting out the whole Lease (15 s) with no leader. JOSDK 5.2.3 builds its
 * elector without fabric8's release-on-cancel, so the operator does what client-go's {@code
 * ReleaseOnCancel} does, after its elector has stopped: while the Lease still names this replica,
 * it empties the holder and shortens the duration to one second. The update carries the
 * resourceVersion it read, so a replica that already took the Lease over is never overwritten.
 */
public final class LeaseRelease {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseRelease.class);

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final String identity;
  private final Clock clock;

  public LeaseRelease(
      KubernetesClient client, String namespace, String name, String identity, Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.identity = identity;
    this.clock = clock;
  }

  /** What happened to the Lease. */
  public enum Outcome {
    RELEASED,
    NOT_HELD,
    FAILED
  }

  /** Releases the Lease if this replica holds it; never throws. */
  public Outcome releaseIfHeld() {
    try {
      Lease lease = client.leases().inNamespace(namespace).withName(name).get();
      if (lease == null
          || lease.getSpec() == null
          || !identity.equals(lease.getSpec().getHolderIdentity())) {
        return Outcome.NOT_HELD;
      }
      ZonedDateTime now = ZonedDateTime.now(clock.withZone(ZoneOffset.UTC));
      Lease released =
          new LeaseBuilder(lease)
              .editSpec()
              .withHolderIdentity("")
              .withLeaseDurationSeconds(1)
              .withRenewTime(now)
              .endSpec()
              .build();
      client.leases().inNamespace(namespace).resource(released).update();
      LOG.info("Released Lease {}/{}: another replica can lead at once", namespace, name);
      return Outcome.RELEASED;
    } catch (KubernetesClientException e) {
      LOG.warn(
          "Could not release Lease {}/{} ({}); the next leader takes over when it expires",
          namespace,
          name,
          e.getCode() == 409 ? "another replica changed it first" : e.getMessage());
      return Outcome.FAILED;
    }
  }
}
