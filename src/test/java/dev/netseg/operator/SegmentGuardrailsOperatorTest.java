package dev.netseg.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.netseg.operator.crd.RefusedFlow;
import dev.netseg.operator.crd.SegmentationProfile;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A profile's segments on the CRUD mock: a declared web -> data flow that a guardrail forbids is
 * refused, reported in status (with provenance), as a Warning event and as a metric, and no
 * proposed policy allows it.
 */
@EnableKubernetesMockClient(crud = true)
class SegmentGuardrailsOperatorTest {
  KubernetesClient client;
  private OperatorRuntime runtime;

  private static final String APP =
      """
      apiVersion: v1
      kind: Namespace
      metadata: {name: shop, labels: {kubernetes.io/metadata.name: shop}}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: shop}
      spec:
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web, tier: web}}
          spec:
            containers:
            - name: web
              image: web
              env: [{name: DB_ADDR, value: "db:5432"}]
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: db, namespace: shop}
      spec:
        selector: {matchLabels: {app: db}}
        template:
          metadata: {labels: {app: db, tier: data}}
          spec:
            containers:
            - name: db
              image: db
              ports: [{name: pg, containerPort: 5432}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: db, namespace: shop}
      spec:
        selector: {app: db}
        ports: [{port: 5432, targetPort: 5432}]
      """;

  private static final String PROFILE =
      """
      apiVersion: netseg.dev/v1alpha1
      kind: SegmentationProfile
      metadata: {name: shop, namespace: shop}
      spec:
        mode: Observe
        segmentMode: guardrails-only
        segments:
          web: {podSelector: {matchLabels: {tier: web}}}
          data: {podSelector: {matchLabels: {tier: data}}}
        segmentRules:
        - deny: {from: web, to: data}
      """;

  @BeforeEach
  void start() throws Exception {
    runtime = MockCluster.startOperator(client, Set.of());
  }

  @AfterEach
  void stop() {
    runtime.close();
  }

  private SegmentationProfile profile() {
    return client.resources(SegmentationProfile.class).inNamespace("shop").withName("shop").get();
  }

  @Test
  void refusedFlowIsInStatusEventAndMetricAndNotProposed() {
    for (HasMetadata o :
        client.load(new ByteArrayInputStream(APP.getBytes(StandardCharsets.UTF_8))).items()) {
      client.resource(o).create();
    }
    client.resource(Serialization.unmarshal(PROFILE, SegmentationProfile.class)).create();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                profile().getStatus() != null
                    && Integer.valueOf(1).equals(profile().getStatus().getRefusedFlowCount()));
    RefusedFlow refused = profile().getStatus().getRefusedFlows().get(0);
    assertThat(refused.getSource()).isEqualTo("shop/web[Deployment]");
    assertThat(refused.getDestination()).isEqualTo("shop/db[Deployment]");
    assertThat(refused.getPort()).isEqualTo(5432);
    assertThat(refused.getSourceSegment()).isEqualTo("web");
    assertThat(refused.getDestinationSegment()).isEqualTo("data");
    assertThat(refused.getReason()).isEqualTo("denied by rules[0] deny web -> data");
    assertThat(refused.getProvenance())
        .singleElement()
        .asString()
        .startsWith("manifest: Deployment shop/web env DB_ADDR");

    var proposal =
        client
            .resources(dev.netseg.operator.crd.PolicyProposal.class)
            .inNamespace("shop")
            .withName("shop")
            .get();
    // Neither web's egress nor db's ingress opens 5432: the refused flow is not proposed.
    assertThat(Serialization.asYaml(proposal.getSpec()))
        .contains("name: netseg-db", "name: netseg-web")
        .doesNotContain("port: 5432");

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                client.v1().events().inNamespace("shop").list().getItems().stream()
                    .map(Event::getReason)
                    .anyMatch("RefusedFlows"::equals));
    Event event =
        client.v1().events().inNamespace("shop").list().getItems().stream()
            .filter(e -> "RefusedFlows".equals(e.getReason()))
            .findFirst()
            .orElseThrow();
    assertThat(event.getType()).isEqualTo("Warning");
    assertThat(event.getMessage())
        .startsWith("1 required flow(s) refused by segments and not allowed")
        .contains("denied by rules[0] deny web -> data");
    assertThat(runtime.registry().scrape())
        .contains("netseg_refused_flows{namespace=\"shop\",profile=\"shop\"} 1.0");
  }
}
