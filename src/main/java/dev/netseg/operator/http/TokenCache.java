package dev.netseg.operator.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The answers of recent TokenReviews, so that a collector posting every second, or a client
 * repeating a bad token, does not cost an API request each time. Valid tokens are remembered for
 * {@code validFor}, invalid ones for {@code invalidFor} (shorter: a token that was just created may
 * be refused for that long). Entries are keyed by the SHA-256 of the token, never the token itself;
 * each kind is bounded, least recently used first out, so that a stream of garbage tokens cannot
 * push a collector's valid token out. Thread-safe.
 */
final class TokenCache {
  private final Duration validFor;
  private final Duration invalidFor;
  private final Clock clock;
  private final Map<String, Entry> valid;
  private final Map<String, Entry> invalid;

  /**
   * A TokenReview's answer.
   *
   * @param user the authenticated user name, or empty for a token that is not valid
   */
  record Review(Optional<String> user) {}

  private record Entry(Review review, Instant until) {}

  TokenCache(Duration validFor, Duration invalidFor, int maxEntriesEach, Clock clock) {
    this.validFor = validFor;
    this.invalidFor = invalidFor;
    this.clock = clock;
    this.valid = lru(maxEntriesEach);
    this.invalid = lru(maxEntriesEach);
  }

  /** What a TokenReview said about {@code token} recently; empty when unknown or too old. */
  Optional<Review> get(String token) {
    String key = sha256(token);
    Instant now = clock.instant();
    synchronized (this) {
      Entry hit = valid.get(key);
      if (hit == null) {
        hit = invalid.get(key);
      }
      return hit != null && hit.until().isAfter(now) ? Optional.of(hit.review()) : Optional.empty();
    }
  }

  /** Remembers a TokenReview's answer about {@code token}. */
  void put(String token, Review review) {
    String key = sha256(token);
    Instant now = clock.instant();
    synchronized (this) {
      if (review.user().isPresent()) {
        invalid.remove(key);
        valid.put(key, new Entry(review, now.plus(validFor)));
      } else {
        valid.remove(key);
        invalid.put(key, new Entry(review, now.plus(invalidFor)));
      }
    }
  }

  private static Map<String, Entry> lru(int max) {
    return new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        return size() > max;
      }
    };
  }

  private static String sha256(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
