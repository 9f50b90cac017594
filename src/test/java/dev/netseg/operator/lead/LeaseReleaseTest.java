package dev.netseg.operator.lead;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A leader that shuts down hands its Lease over, and never touches a Lease it does not hold. */
@EnableKubernetesMockClient(crud = true)
class LeaseReleaseTest {
  private static final Instant NOW = Instant.parse("2026-12-07T18:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  KubernetesClient client;

  private Lease lease(String holder) {
    ZonedDateTime renewed = ZonedDateTime.ofInstant(NOW.minusSeconds(3), ZoneOffset.UTC);
    return client
        .leases()
        .inNamespace("netseg-system")
        .resource(
            new LeaseBuilder()
                .withNewMetadata()
                .withName("netseg-operator")
                .withNamespace("netseg-system")
                .endMetadata()
                .withNewSpec()
                .withHolderIdentity(holder)
                .withLeaseDurationSeconds(15)
                .withAcquireTime(renewed.minusMinutes(5))
                .withRenewTime(renewed)
                .withLeaseTransitions(2)
                .endSpec()
                .build())
        .create();
  }

  private LeaseRelease release(String identity) {
    return new LeaseRelease(client, "netseg-system", "netseg-operator", identity, CLOCK);
  }

  private Lease stored() {
    return client.leases().inNamespace("netseg-system").withName("netseg-operator").get();
  }

  @Test
  void aLeaderThatShutsDownEmptiesTheHolderAndShortensTheLease() {
    lease("pod-a");

    assertThat(release("pod-a").releaseIfHeld()).isEqualTo(LeaseRelease.Outcome.RELEASED);

    Lease after = stored();
    assertThat(after.getSpec().getHolderIdentity()).isEmpty();
    assertThat(after.getSpec().getLeaseDurationSeconds()).isEqualTo(1);
    assertThat(after.getSpec().getRenewTime().toInstant()).isEqualTo(NOW);
    assertThat(after.getSpec().getLeaseTransitions()).isEqualTo(2);
  }

  @Test
  void aLeaseAnotherReplicaHoldsIsLeftAlone() {
    String version = lease("pod-b").getMetadata().getResourceVersion();

    assertThat(release("pod-a").releaseIfHeld()).isEqualTo(LeaseRelease.Outcome.NOT_HELD);

    assertThat(stored().getSpec().getHolderIdentity()).isEqualTo("pod-b");
    assertThat(stored().getMetadata().getResourceVersion()).isEqualTo(version);
  }

  @Test
  void noLeaseIsNotAnError() {
    assertThat(release("pod-a").releaseIfHeld()).isEqualTo(LeaseRelease.Outcome.NOT_HELD);
    assertThat(stored()).isNull();
  }

  @Test
  void theHolderIsThePodNameThenTheHostName() {
    assertThat(LeaseIdentity.of(Map.of("POD_NAME", "netseg-operator-7d-x", "HOSTNAME", "h")))
        .isEqualTo("netseg-operator-7d-x");
    assertThat(LeaseIdentity.of(Map.of("POD_NAME", " ", "HOSTNAME", "h"))).isEqualTo("h");
    assertThat(LeaseIdentity.of(Map.of())).startsWith("netseg-").hasSizeGreaterThan(20);
  }
}
