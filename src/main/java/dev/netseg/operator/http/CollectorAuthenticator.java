package dev.netseg.operator.http;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who sent a request to the flow endpoint, at a bounded cost to the API server: a token whose
 * review is remembered ({@link TokenCache}, valid and invalid answers alike) costs nothing; any
 * other costs one review through the {@link TokenAuthenticator}, within the sending client's
 * allowance ({@link ClientRateLimiter}); beyond it the request is refused without a review.
 */
public final class CollectorAuthenticator {
  private static final Logger LOG = LoggerFactory.getLogger(CollectorAuthenticator.class);

  /** How long a TokenReview that accepted a token is trusted. */
  public static final Duration VALID_FOR = Duration.ofMinutes(1);

  /** How long a TokenReview that refused a token is remembered. */
  public static final Duration INVALID_FOR = Duration.ofSeconds(10);

  /** Reviews a client may cause at once ... */
  public static final int BURST = 10;

  /** ... and then one per this interval. */
  public static final Duration REFILL_EVERY = Duration.ofSeconds(1);

  private static final int MAX_TOKENS = 1024;
  private static final int MAX_CLIENTS = 4096;

  private final TokenAuthenticator reviews;
  private final TokenCache cache;
  private final ClientRateLimiter limiter;

  /** The outcome for one request. */
  public sealed interface Result {
    /** A review (now or recently) confirmed the token as this user's. */
    record Authenticated(String user) implements Result {}

    /** A review (now or recently) refused the token. */
    record Invalid() implements Result {}

    /** The client has used its reviews up: no review was made; it may try after this long. */
    record Throttled(Duration retryAfter) implements Result {}
  }

  /** With the defaults above. */
  public CollectorAuthenticator(TokenAuthenticator reviews, Clock clock) {
    this(
        reviews,
        new TokenCache(VALID_FOR, INVALID_FOR, MAX_TOKENS, clock),
        new ClientRateLimiter(BURST, REFILL_EVERY, MAX_CLIENTS, clock));
  }

  CollectorAuthenticator(TokenAuthenticator reviews, TokenCache cache, ClientRateLimiter limiter) {
    this.reviews = Objects.requireNonNull(reviews, "reviews");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.limiter = Objects.requireNonNull(limiter, "limiter");
  }

  /**
   * @param client the remote address the request came from
   * @throws TokenAuthenticator.AuthenticationUnavailableException when a review was needed and the
   *     API server could not be asked (not remembered: the next request asks again)
   */
  public Result authenticate(String token, String client) {
    Optional<TokenCache.Review> known = cache.get(token);
    if (known.isPresent()) {
      return result(known.get());
    }
    ClientRateLimiter.Decision decision = limiter.tryAcquire(client);
    if (!decision.allowed()) {
      if (decision.firstRefusal()) {
        LOG.warn(
            "Flow endpoint: {} sends more unknown bearer tokens than {} at once and then one per"
                + " {}; its requests with new tokens are answered 429 until it slows down",
            client,
            BURST,
            REFILL_EVERY);
      }
      return new Result.Throttled(decision.retryAfter());
    }
    TokenCache.Review review = new TokenCache.Review(reviews.authenticate(token));
    cache.put(token, review);
    return result(review);
  }

  private static Result result(TokenCache.Review review) {
    return review.user().<Result>map(Result.Authenticated::new).orElseGet(Result.Invalid::new);
  }
}
