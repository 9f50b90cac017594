package dev.netseg.operator.http;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Authenticates with a TokenReview, the way Kubernetes components authenticate each other. Positive
 * answers are cached briefly (by a hash of the token, never the token itself) so that a collector
 * posting every second does not cost an API call per batch.
 */
public final class TokenReviewAuthenticator implements TokenAuthenticator {
  private static final int MAX_CACHED = 1024;

  private final KubernetesClient client;
  private final List<String> audiences;
  private final Duration ttl;
  private final Clock clock;
  private final Map<String, Cached> cache =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
          return size() > MAX_CACHED;
        }
      };

  private record Cached(String user, Instant until) {}

  public TokenReviewAuthenticator(
      KubernetesClient client, List<String> audiences, Duration ttl, Clock clock) {
    this.client = client;
    this.audiences = List.copyOf(audiences);
    this.ttl = ttl;
    this.clock = clock;
  }

  @Override
  public Optional<String> authenticate(String token) {
    String key = sha256(token);
    Instant now = clock.instant();
    synchronized (cache) {
      Cached hit = cache.get(key);
      if (hit != null && hit.until().isAfter(now)) {
        return Optional.of(hit.user());
      }
    }
    TokenReview review =
        new TokenReviewBuilder()
            .withNewSpec()
            .withToken(token)
            .withAudiences(audiences.isEmpty() ? null : audiences)
            .endSpec()
            .build();
    TokenReview answer;
    try {
      answer = client.authentication().v1().tokenReviews().create(review);
    } catch (KubernetesClientException e) {
      throw new AuthenticationUnavailableException(
          "TokenReview failed: " + e.getStatus().getMessage(), e);
    }
    if (answer.getStatus() == null
        || !Boolean.TRUE.equals(answer.getStatus().getAuthenticated())
        || answer.getStatus().getUser() == null) {
      return Optional.empty();
    }
    String user = answer.getStatus().getUser().getUsername();
    synchronized (cache) {
      cache.put(key, new Cached(user, now.plus(ttl)));
    }
    return Optional.of(user);
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
