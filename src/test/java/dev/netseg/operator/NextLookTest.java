package dev.netseg.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a profile is looked at again without an event: at the resync, or when an edge expires. */
class NextLookTest {
  private static final Instant NOW = Instant.parse("2026-12-07T20:00:00Z");

  @Test
  void withoutLearnedEdgesAtTheResync() {
    assertThat(SegmentationProfileReconciler.nextLook(Optional.empty(), NOW))
        .isEqualTo(SegmentationProfileReconciler.RESYNC);
  }

  @Test
  void justAfterTheNextEdgeExpiresWhenThatComesFirst() {
    assertThat(SegmentationProfileReconciler.nextLook(Optional.of(NOW.plusSeconds(10)), NOW))
        .isEqualTo(Duration.ofSeconds(10).plus(SegmentationProfileReconciler.EXPIRY_MARGIN));
  }

  @Test
  void atTheResyncWhenTheNextExpiryIsLater() {
    assertThat(SegmentationProfileReconciler.nextLook(Optional.of(NOW.plusSeconds(3600)), NOW))
        .isEqualTo(SegmentationProfileReconciler.RESYNC);
  }

  @Test
  void atOnceWhenAnExpiryHasJustPassed() {
    assertThat(SegmentationProfileReconciler.nextLook(Optional.of(NOW.minusSeconds(1)), NOW))
        .isEqualTo(SegmentationProfileReconciler.EXPIRY_MARGIN);
  }
}
