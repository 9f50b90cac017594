package dev.netseg.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The first-run mistakes, each one line naming the API server and what to do: nothing answers
 * there, the credentials are refused, netseg's CRDs are not installed.
 */
@EnableKubernetesMockClient
class StartupCheckTest {
  KubernetesMockServer server;
  KubernetesClient client;

  @Test
  void anApiServerThatRefusesConnectionsIsNamedAtOnce() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (KubernetesClient nowhere =
        new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder().withMasterUrl("https://127.0.0.1:" + port).build())
            .build()) {
      long started = System.nanoTime();
      assertThatThrownBy(() -> new StartupCheck(nowhere, Duration.ofSeconds(30)).run())
          .isInstanceOf(StartupCheck.Failure.class)
          .hasMessageStartingWith(
              "cannot reach the Kubernetes API server at https://127.0.0.1:" + port)
          .hasMessageContaining("connection refused")
          .hasMessageContaining("networkPolicy.apiServer.cidrs")
          .message()
          .doesNotContain("\n");
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .as("no retries")
          .isLessThan(Duration.ofSeconds(20));
    }
  }

  @Test
  void refusedCredentialsAreNamed() {
    server.expect().get().withPath("/api").andReturn(401, "Unauthorized").always();

    assertThatThrownBy(() -> new StartupCheck(client, Duration.ofSeconds(10)).run())
        .isInstanceOf(StartupCheck.Failure.class)
        .hasMessageContaining("refused the credentials (401 Unauthorized)");
  }

  @Test
  void missingCrdsAreNamedWithHowToInstallThem() {
    version();
    server
        .expect()
        .get()
        .withPath("/apis/netseg.dev/v1alpha1")
        .andReturn(404, "not found")
        .always();

    assertThatThrownBy(() -> new StartupCheck(client, Duration.ofSeconds(10)).run())
        .isInstanceOf(StartupCheck.Failure.class)
        .hasMessageContaining("netseg's CRDs are not installed")
        .hasMessageContaining(
            "learnededges.netseg.dev, policyproposals.netseg.dev,"
                + " segmentationprofiles.netseg.dev")
        .hasMessageContaining("kubectl apply --server-side -f crds/");
  }

  @Test
  void anApiServerThatServesNetsegsResourcesPasses() {
    version();
    server
        .expect()
        .get()
        .withPath("/apis/netseg.dev/v1alpha1")
        .andReturn(
            200,
            new APIResourceListBuilder()
                .withGroupVersion("netseg.dev/v1alpha1")
                .withResources(
                    new APIResourceBuilder().withName("segmentationprofiles").build(),
                    new APIResourceBuilder().withName("policyproposals").build(),
                    new APIResourceBuilder().withName("learnededges").build())
                .build())
        .always();

    assertThatCode(() -> new StartupCheck(client, Duration.ofSeconds(10)).run())
        .doesNotThrowAnyException();
  }

  private void version() {
    server
        .expect()
        .get()
        .withPath("/api")
        .andReturn(200, "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"]}")
        .always();
  }
}
