package dev.netseg.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.netseg.operator.crd.PolicyProposal;
import dev.netseg.operator.crd.SegmentationProfile;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The operator's outputs quote evidence: policies' justification annotations, the proposal, the
 * profile's status (warnings, blocked flows), events and logs. On an application whose
 * configuration is full of credentials (each contains "s3cr3t"), none of them holds one, while the
 * places the credentials stood are still quoted, masked.
 */
@EnableKubernetesMockClient(crud = true)
class NoCredentialsInOperatorOutputTest {
  KubernetesMockServer server;
  KubernetesClient client;

  private static final String APP =
      """
      apiVersion: v1
      kind: Namespace
      metadata: {name: shop, labels: {kubernetes.io/metadata.name: shop}}
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: props, namespace: shop}
      data:
        application.properties: |
          db.url=jdbc:postgresql://app:s3cr3t-jdbc@db:5432/app?password=s3cr3t-query
          db.password=s3cr3t-properties
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: app, namespace: shop}
      spec:
        selector: {matchLabels: {app: app}}
        template:
          metadata: {labels: {app: app}}
          spec:
            volumes: [{name: props, configMap: {name: props}}]
            containers:
            - name: main
              image: app
              env:
              - {name: DATABASE_URL, value: "postgresql://app:s3cr3t-url@db:5432/app"}
              - {name: SQL, value: "Server=nosuch,1433;User Id=sa;Password=s3cr3t-ado;"}
              - {name: API_URL, value: "http://u:s3cr3t-missing@nosuch2:8080/v1?token=s3cr3t-q"}
              - {name: DB_PASSWORD, value: "s3cr3t-password"}
      ---
      apiVersion: apps/v1
      kind: StatefulSet
      metadata: {name: db, namespace: shop}
      spec:
        selector: {matchLabels: {app: db}}
        template:
          metadata: {labels: {app: db}}
          spec:
            containers:
            - name: main
              image: postgres
              ports: [{containerPort: 5432}]
              env: [{name: SELF_URL, value: "postgresql://postgres:s3cr3t-self@db:5432"}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: db, namespace: shop}
      spec:
        selector: {app: db}
        ports: [{port: 5432}]
      """;

  @Test
  void noOutputOfTheOperatorHoldsACredential() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    root.addAppender(logged);
    Level level = root.getLevel();
    root.setLevel(Level.DEBUG);
    MockCluster cluster = new MockCluster(client, "shop");
    cluster.apply(APP);
    OperatorRuntime runtime = MockCluster.startOperator(client, Set.of());
    try {
      cluster.createProfile("shop", "mode: Enforce\nlearning: {minimumLearningPeriod: 0s}\n");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  client
                          .network()
                          .v1()
                          .networkPolicies()
                          .inNamespace("shop")
                          .list()
                          .getItems()
                          .size()
                      == 2);
    } finally {
      runtime.close();
      root.detachAppender(logged);
      root.setLevel(level);
    }
    StringBuilder everything = new StringBuilder();
    client
        .network()
        .v1()
        .networkPolicies()
        .inNamespace("shop")
        .list()
        .getItems()
        .forEach(p -> everything.append(Serialization.asYaml(p)));
    client
        .resources(PolicyProposal.class)
        .inNamespace("shop")
        .list()
        .getItems()
        .forEach(p -> everything.append(Serialization.asYaml(p)));
    client
        .resources(SegmentationProfile.class)
        .inNamespace("shop")
        .list()
        .getItems()
        .forEach(p -> everything.append(Serialization.asYaml(p.getStatus())));
    client
        .v1()
        .events()
        .inNamespace("shop")
        .list()
        .getItems()
        .forEach(e -> everything.append(e.getMessage()).append('\n'));
    logged.list.forEach(e -> everything.append(e.getFormattedMessage()).append('\n'));

    // the evidence is there, masked
    assertThat(everything).contains("postgresql://***@db:5432");
    assertThat(everything.toString()).doesNotContain("s3cr3t");
  }
}
