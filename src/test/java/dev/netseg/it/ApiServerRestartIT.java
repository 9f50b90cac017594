package dev.netseg.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.netseg.operator.crd.SegmentationProfile;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The operator keeps working across a restart of the API server (same port, same etcd data: what a
 * control-plane upgrade or node reboot looks like to a client). Its watches break and its requests
 * fail while the server is down; a Service change made right after the server is back, before the
 * operator's watches have reconnected, must still produce the updated policy. The server of this
 * class is its own, since no other test may see it go away.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiServerRestartIT {
  private static final Duration WAIT = Duration.ofSeconds(90);

  private RestartableApiServer server;
  private KubernetesClient admin;
  private RunningOperator operator;

  @BeforeAll
  void startServerShopAndOperator() {
    server = RestartableApiServer.start(ApiServerExtension.workRoot());
    admin = server.newAdminClient();
    ApiServerFixture.installCrds(admin, Path.of("crds"));
    new ShopOnApiServer(admin).install();
    // The operator has a client of its own (as admin: RBAC is OperatorIT's subject).
    operator = RunningOperator.start(server.newAdminClient(), admin, ShopOnApiServer.NAMESPACES);
  }

  @AfterAll
  void stop() {
    if (operator != null) {
      operator.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aServiceChangeRightAfterARestartStillUpdatesItsPolicy() {
    admin
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: netseg.dev/v1alpha1
                kind: SegmentationProfile
                metadata: {name: shop, namespace: shop}
                spec:
                  mode: Enforce
                  learning: {minimumLearningPeriod: 0s}
                  ingress: {exposure: {sourceCidrs: ["0.0.0.0/0"]}}
                """,
                SegmentationProfile.class))
        .create();
    await().atMost(WAIT).until(() -> operator.policy("shop", "netseg-cartservice").isPresent());
    assertThat(hasIpBlockIngress(operator.policy("shop", "netseg-cartservice").orElseThrow()))
        .isFalse();

    long down = server.restart();
    System.out.printf("[netseg-it] kube-apiserver restart (stop to ready): %d ms%n", down);

    long start = System.nanoTime();
    admin
        .services()
        .inNamespace("shop")
        .withName("cartservice")
        .edit(
            s -> {
              s.getSpec().setType("LoadBalancer");
              return s;
            });
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> hasIpBlockIngress(operator.policy("shop", "netseg-cartservice").orElseThrow()));
    System.out.printf(
        "[netseg-it] Service change right after an API server restart to updated NetworkPolicy:"
            + " %d ms%n",
        (System.nanoTime() - start) / 1_000_000);

    // A second change, once everything has reconnected, is seen too.
    admin
        .services()
        .inNamespace("shop")
        .withName("cartservice")
        .edit(
            s -> {
              s.getSpec().setType("ClusterIP");
              return s;
            });
    await()
        .atMost(WAIT)
        .until(
            () -> !hasIpBlockIngress(operator.policy("shop", "netseg-cartservice").orElseThrow()));
  }

  private static boolean hasIpBlockIngress(NetworkPolicy p) {
    return p.getSpec().getIngress() != null
        && p.getSpec().getIngress().stream()
            .filter(r -> r.getFrom() != null)
            .flatMap(r -> r.getFrom().stream())
            .anyMatch(peer -> Objects.nonNull(peer.getIpBlock()));
  }
}
