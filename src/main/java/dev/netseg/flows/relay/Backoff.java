package dev.netseg.flows.relay;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential reconnect delays with jitter and a cap: the base delay doubles with each failure in a
 * row, from {@code initial} up to {@code max}, and each delay is then shortened by a random
 * fraction of up to {@code jitter}. Shortening (rather than spreading both ways) keeps every delay
 * within the cap.
 */
public record Backoff(Duration initial, Duration max, double jitter) {
  public Backoff {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("need 0 < initial <= max, got " + initial + ", " + max);
    }
    if (!(jitter >= 0 && jitter < 1)) {
      throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
    }
  }

  /** The delay before the next attempt, without jitter: initial * 2^(failures-1), capped. */
  public Duration base(int failuresInARow) {
    if (failuresInARow < 1) {
      throw new IllegalArgumentException("failuresInARow must be >= 1, got " + failuresInARow);
    }
    Duration delay = initial;
    for (int i = 1; i < failuresInARow && delay.compareTo(max) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(max) > 0 ? max : delay;
  }

  /**
   * The delay to wait after {@code failuresInARow} failed attempts.
   *
   * @param random a uniform value in [0, 1), e.g. {@code Random.nextDouble()}
   */
  public Duration delay(int failuresInARow, double random) {
    if (!(random >= 0 && random < 1)) {
      throw new IllegalArgumentException("random must be in [0, 1), got " + random);
    }
    long baseNanos = base(failuresInARow).toNanos();
    return Duration.ofNanos(baseNanos - (long) (baseNanos * jitter * random));
  }
}
