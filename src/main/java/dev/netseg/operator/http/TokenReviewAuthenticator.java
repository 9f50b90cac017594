package dev.netseg.operator.http;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Optional;

/**
 * Authenticates with a TokenReview, the way Kubernetes components authenticate each other: one API
 * request per call. {@link CollectorAuthenticator} remembers the answers and limits how many each
 * client causes.
 */
public final class TokenReviewAuthenticator implements TokenAuthenticator {
  private final KubernetesClient client;
  private final List<String> audiences;

  public TokenReviewAuthenticator(KubernetesClient client, List<String> audiences) {
    this.client = client;
    this.audiences = List.copyOf(audiences);
  }

  @Override
  public Optional<String> authenticate(String token) {
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
    return Optional.of(answer.getStatus().getUser().getUsername());
  }
}
