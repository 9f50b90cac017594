package dev.netseg.operator.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many TokenReviews each client (remote address) may cause: a bucket of {@code burst}
 * allowances per client, refilled by one every {@code refillEvery}. The clients are bounded (least
 * recently seen first out). Thread-safe.
 */
final class ClientRateLimiter {
  private final int burst;
  private final Duration refillEvery;
  private final Clock clock;
  private final Map<String, Bucket> buckets;

  /** A client's allowances: {@code tokens} as of {@code at}. */
  private static final class Bucket {
    double tokens;
    Instant at;
    boolean refusing;

    Bucket(double tokens, Instant at) {
      this.tokens = tokens;
      this.at = at;
    }
  }

  /**
   * Whether a review may be made now, and if not, when it may.
   *
   * @param firstRefusal the first refusal since this client was last allowed one
   */
  record Decision(boolean allowed, Duration retryAfter, boolean firstRefusal) {
    static final Decision ALLOWED = new Decision(true, Duration.ZERO, false);
  }

  ClientRateLimiter(int burst, Duration refillEvery, int maxClients, Clock clock) {
    if (burst < 1 || refillEvery.isNegative() || refillEvery.isZero()) {
      throw new IllegalArgumentException("burst >= 1 and a positive refill interval are needed");
    }
    this.burst = burst;
    this.refillEvery = refillEvery;
    this.clock = clock;
    this.buckets =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > maxClients;
          }
        };
  }

  /** Takes one allowance of {@code client} if it has one. */
  synchronized Decision tryAcquire(String client) {
    Instant now = clock.instant();
    Bucket b = buckets.computeIfAbsent(client, c -> new Bucket(burst, now));
    if (now.isAfter(b.at)) {
      double refilled = (double) Duration.between(b.at, now).toNanos() / refillEvery.toNanos();
      b.tokens = Math.min(burst, b.tokens + refilled);
      b.at = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      b.refusing = false;
      return Decision.ALLOWED;
    }
    long wait = (long) Math.ceil((1 - b.tokens) * refillEvery.toNanos());
    boolean first = !b.refusing;
    b.refusing = true;
    return new Decision(false, Duration.ofNanos(wait), first);
  }
}
