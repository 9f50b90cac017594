package dev.netseg.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A change in one namespace reconciles the profiles at both ends of every flow it touches, within
 * seconds, not at the next two-minute resync: the server's ingress follows a client in another
 * namespace (with or without a profile of its own), and a client's egress follows a Service in
 * another namespace.
 */
@EnableKubernetesMockClient(crud = true)
class CrossNamespaceChangesTest {
  /** Far below the resync (two minutes): only an event can explain a change this fast. */
  private static final Duration PROMPT = Duration.ofSeconds(20);

  KubernetesClient client;
  private OperatorRuntime runtime;

  private static final String APP =
      """
      apiVersion: v1
      kind: Namespace
      metadata: {name: shop, labels: {kubernetes.io/metadata.name: shop}}
      ---
      apiVersion: v1
      kind: Namespace
      metadata: {name: payments, labels: {kubernetes.io/metadata.name: payments}}
      ---
      apiVersion: v1
      kind: Namespace
      metadata: {name: batch, labels: {kubernetes.io/metadata.name: batch}}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: frontend, namespace: shop}
      spec:
        selector: {matchLabels: {app: frontend}}
        template:
          metadata: {labels: {app: frontend}}
          spec:
            containers:
            - {name: web, image: web, ports: [{name: http, containerPort: 8080}]}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: checkout, namespace: shop}
      spec:
        selector: {matchLabels: {app: checkout}}
        template:
          metadata: {labels: {app: checkout}}
          spec:
            containers:
            - name: checkout
              image: checkout
              env: [{name: PAYMENT_ADDR, value: "paymentservice.payments:50051"}]
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: paymentservice, namespace: payments}
      spec:
        selector: {matchLabels: {app: paymentservice}}
        template:
          metadata: {labels: {app: paymentservice}}
          spec:
            containers:
            - name: server
              image: payments
              ports: [{name: grpc, containerPort: 50051}, {name: grpc-alt, containerPort: 50052}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: paymentservice, namespace: payments}
      spec:
        selector: {app: paymentservice}
        ports: [{name: grpc, port: 50051, targetPort: grpc}]
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: reconciler, namespace: batch}
      spec:
        selector: {matchLabels: {app: reconciler}}
        template:
          metadata: {labels: {app: reconciler}}
          spec:
            containers: [{name: job, image: job}]
      """;

  private static final String ENFORCE =
      """
      mode: Enforce
      learning: {minimumLearningPeriod: 0s}
      """;

  @BeforeEach
  void start() throws Exception {
    new MockCluster(client, "shop").apply(APP);
    runtime = MockCluster.startOperator(client, Set.of());
    new MockCluster(client, "shop").createProfile("shop", ENFORCE);
    new MockCluster(client, "payments").createProfile("payments", ENFORCE);
    await()
        .atMost(PROMPT)
        .until(() -> yaml("payments", "netseg-paymentservice").contains("checkout"));
  }

  @AfterEach
  void stop() {
    runtime.close();
  }

  private String yaml(String namespace, String name) {
    NetworkPolicy p =
        client.network().v1().networkPolicies().inNamespace(namespace).withName(name).get();
    return p == null ? "" : Serialization.asYaml(p.getSpec());
  }

  /** Gives the first container of a Deployment one env var, as a user's edit would. */
  private void setEnv(String namespace, String deployment, String name, String value) {
    client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .withName(deployment)
        .edit(
            d -> {
              d.getSpec()
                  .getTemplate()
                  .getSpec()
                  .getContainers()
                  .get(0)
                  .setEnv(List.of(new EnvVar(name, value, null)));
              return d;
            });
  }

  @Test
  void aNewReferenceFromAProfiledNamespaceOpensTheServersIngressPromptly() {
    assertThat(yaml("payments", "netseg-paymentservice")).doesNotContain("frontend");

    setEnv("shop", "frontend", "PAY", "http://paymentservice.payments.svc:50051");

    await("frontend's egress")
        .atMost(PROMPT)
        .until(() -> yaml("shop", "netseg-frontend").contains("50051"));
    await("payments' ingress from frontend, at the other end of the new flow")
        .atMost(PROMPT)
        .until(() -> yaml("payments", "netseg-paymentservice").contains("frontend"));
  }

  @Test
  void aNewReferenceFromANamespaceWithoutProfileOpensTheServersIngressPromptly() {
    setEnv("batch", "reconciler", "PAY", "paymentservice.payments.svc.cluster.local:50051");

    await("payments' ingress from the batch namespace")
        .atMost(PROMPT)
        .until(() -> yaml("payments", "netseg-paymentservice").contains("batch"));
  }

  @Test
  void aTargetPortChangeOfAServiceMovesTheClientsEgressInItsOwnNamespacePromptly() {
    assertThat(yaml("shop", "netseg-checkout")).contains("50051").doesNotContain("50052");

    client
        .services()
        .inNamespace("payments")
        .withName("paymentservice")
        .edit(
            s -> {
              s.getSpec().getPorts().get(0).setTargetPort(new IntOrString("grpc-alt"));
              return s;
            });

    await("checkout's egress follows the Service's new target port")
        .atMost(PROMPT)
        .until(() -> yaml("shop", "netseg-checkout").contains("50052"));
  }
}
