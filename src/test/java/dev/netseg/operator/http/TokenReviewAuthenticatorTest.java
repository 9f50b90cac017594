package dev.netseg.operator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.List;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient
class TokenReviewAuthenticatorTest {
  KubernetesMockServer server;
  KubernetesClient client;

  private static final String PATH = "/apis/authentication.k8s.io/v1/tokenreviews";

  @Test
  void returnsTheUserOfAnAuthenticatedToken() {
    server
        .expect()
        .post()
        .withPath(PATH)
        .andReturn(
            201,
            new TokenReviewBuilder()
                .withNewStatus()
                .withAuthenticated(true)
                .withNewUser()
                .withUsername("system:serviceaccount:monitoring:exporter")
                .endUser()
                .endStatus()
                .build())
        .once();
    var auth = new TokenReviewAuthenticator(client, List.of());
    assertThat(auth.authenticate("t")).contains("system:serviceaccount:monitoring:exporter");
  }

  @Test
  void rejectsAnUnauthenticatedToken() {
    server
        .expect()
        .post()
        .withPath(PATH)
        .andReturn(
            201,
            new TokenReviewBuilder().withNewStatus().withAuthenticated(false).endStatus().build())
        .once();
    var auth = new TokenReviewAuthenticator(client, List.of());
    assertThat(auth.authenticate("bad")).isEmpty();
  }

  @Test
  void reportsAnUnreachableApiServerAsUnavailable() {
    server.expect().post().withPath(PATH).andReturn(500, "boom").once();
    var auth = new TokenReviewAuthenticator(client, List.of());
    assertThatThrownBy(() -> auth.authenticate("t"))
        .isInstanceOf(TokenAuthenticator.AuthenticationUnavailableException.class);
  }
}
