package dev.netseg.flows.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void doublesFromInitialUpToCap() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 0);
    assertThat(
            java.util.stream.IntStream.rangeClosed(1, 9)
                .mapToObj(backoff::base)
                .map(Duration::toSeconds))
        .containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);
  }

  @Test
  void jitterShortensByAtMostItsFraction() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 0.25);
    assertThat(backoff.delay(3, 0)).isEqualTo(Duration.ofSeconds(4));
    assertThat(backoff.delay(3, 0.5)).isEqualTo(Duration.ofMillis(3500));
    assertThat(backoff.delay(3, Math.nextDown(1.0)).toNanos())
        .isGreaterThan(Duration.ofSeconds(3).toNanos());
  }

  @Test
  void hugeFailureCountsStayAtCap() {
    Backoff backoff = new Backoff(Duration.ofMillis(1), Duration.ofHours(1), 0);
    assertThat(backoff.base(Integer.MAX_VALUE)).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void rejectsBadArguments() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 0.1);
    assertThatThrownBy(() -> backoff.base(0)).hasMessageContaining("failuresInARow");
    assertThatThrownBy(() -> backoff.delay(1, 1.0)).hasMessageContaining("random");
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0))
        .hasMessageContaining("initial <= max");
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 1))
        .hasMessageContaining("jitter");
  }

  /** Reference: min(max, initial * 2^(n-1)) computed in exact arithmetic. */
  @Property
  void baseMatchesCappedPowerOfTwo(
      @ForAll @LongRange(min = 1, max = 10_000) long initialMillis,
      @ForAll @LongRange(min = 0, max = 3_600_000) long extraMillis,
      @ForAll @IntRange(min = 1, max = 200) int failures) {
    Duration initial = Duration.ofMillis(initialMillis);
    Duration max = Duration.ofMillis(initialMillis + extraMillis);
    Backoff backoff = new Backoff(initial, max, 0);

    java.math.BigInteger uncapped =
        java.math.BigInteger.valueOf(initialMillis).shiftLeft(failures - 1);
    long expected = uncapped.min(java.math.BigInteger.valueOf(max.toMillis())).longValueExact();
    assertThat(backoff.base(failures)).isEqualTo(Duration.ofMillis(expected));
  }

  @Property
  void delayIsWithinJitterBandAndCapAndBaseNeverShrinks(
      @ForAll @LongRange(min = 1, max = 10_000) long initialMillis,
      @ForAll @LongRange(min = 0, max = 3_600_000) long extraMillis,
      @ForAll @DoubleRange(min = 0, max = 0.99) double jitter,
      @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double random,
      @ForAll @IntRange(min = 1, max = 200) int failures) {
    Duration max = Duration.ofMillis(initialMillis + extraMillis);
    Backoff backoff = new Backoff(Duration.ofMillis(initialMillis), max, jitter);

    Duration base = backoff.base(failures);
    Duration delay = backoff.delay(failures, random);
    assertThat(delay).isLessThanOrEqualTo(base).isLessThanOrEqualTo(max);
    assertThat(delay.toNanos())
        .isGreaterThanOrEqualTo((long) Math.floor(base.toNanos() * (1 - jitter)));
    assertThat(backoff.base(failures + 1)).isGreaterThanOrEqualTo(base);
  }
}
