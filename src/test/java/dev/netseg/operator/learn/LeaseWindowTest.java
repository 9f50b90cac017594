package dev.netseg.operator.learn;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LeaseWindowTest {
  private static final Instant NOW = Instant.parse("2026-11-27T21:00:00Z");
  private static final Duration MARGIN = Duration.ofSeconds(1);

  @ParameterizedTest(name = "holder {0}, renewed {1} ms ago, {2} s lease -> {3} ms")
  @CsvSource(
      nullValues = "null",
      textBlock =
          """
          # holder | renewed ms ago | duration s | window ms (-1: none)
          me       | 2000           | 15         | 12000
          me       | 0              | 15         | 14000
          me       | 13000          | 15         | 1000
          me       | 14000          | 15         | -1
          me       | 14500          | 15         | -1
          me       | 20000          | 15         | -1
          me       | -3000          | 15         | 17000
          other    | 2000           | 15         | -1
          null     | 2000           | 15         | -1
          me       | null           | 15         | -1
          me       | 2000           | null       | -1
          me       | 2000           | 0          | -1
          """,
      delimiter = '|')
  void theWindowIsWhatTheLeaseHasLeftForThisHolder(
      String holder, Long renewedMsAgo, Integer durationSeconds, long expectedMs) {
    LeaseBuilder lease =
        new LeaseBuilder()
            .withNewMetadata()
            .withName("netseg")
            .endMetadata()
            .withNewSpec()
            .withHolderIdentity(holder)
            .withLeaseDurationSeconds(durationSeconds)
            .withRenewTime(
                renewedMsAgo == null ? null : NOW.minusMillis(renewedMsAgo).atZone(ZoneOffset.UTC))
            .endSpec();
    Optional<Duration> window = LeaseWindow.remaining(lease.build(), "me", NOW, MARGIN);
    assertThat(window.map(Duration::toMillis).orElse(-1L)).isEqualTo(expectedMs);
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "null",
      value = {"true", "false"})
  void noLeaseOrNoSpecIsNoWindow(boolean leaseExists) {
    Lease lease = leaseExists ? new LeaseBuilder().withNewMetadata().endMetadata().build() : null;
    assertThat(LeaseWindow.remaining(lease, "me", NOW, MARGIN)).isEmpty();
  }
}
