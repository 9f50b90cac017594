package dev.netseg.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.netseg.operator.crd.SegmentationProfile;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * With watched namespaces (the chart's {@code watchNamespaces}) JOSDK runs one informer per
 * namespace and kind: each namespace's objects must be seen once, whatever the other namespaces
 * hold. (The informers once shared one store, and every reconcile failed on duplicate objects.)
 */
@EnableKubernetesMockClient(crud = true)
class WatchedNamespacesTest {
  KubernetesClient client;

  private static final String APP =
      """
      apiVersion: v1
      kind: Namespace
      metadata: {name: %1$s, labels: {kubernetes.io/metadata.name: %1$s}}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: %1$s}
      spec:
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers: [{name: web, image: web, ports: [{name: http, containerPort: 8080}]}]
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: client, namespace: %1$s}
      spec:
        selector: {matchLabels: {app: client}}
        template:
          metadata: {labels: {app: client}}
          spec:
            containers: [{name: client, image: client, env: [{name: WEB, value: "web:80"}]}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: web, namespace: %1$s}
      spec:
        selector: {app: web}
        ports: [{port: 80, targetPort: http}]
      ---
      apiVersion: netseg.dev/v1alpha1
      kind: SegmentationProfile
      metadata: {name: p, namespace: %1$s}
      spec:
        mode: Enforce
        learning: {minimumLearningPeriod: 0s}
      """;

  @Test
  void eachWatchedNamespaceIsReconciledFromItsOwnObjects() throws Exception {
    for (String ns : new String[] {"a", "b"}) {
      for (HasMetadata o :
          client
              .load(new ByteArrayInputStream(APP.formatted(ns).getBytes(StandardCharsets.UTF_8)))
              .items()) {
        // The mock knows no CRDs: a profile must be created as its own class.
        HasMetadata typed =
            o.getKind().equals("SegmentationProfile")
                ? Serialization.unmarshal(Serialization.asYaml(o), SegmentationProfile.class)
                : o;
        client.resource(typed).create();
      }
    }
    OperatorRuntime runtime = MockCluster.startOperator(client, Set.of("a", "b"));
    try {
      for (String ns : new String[] {"a", "b"}) {
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> ready(ns).map(Condition::getReason).orElse(""), "Enforced"::equals);
        assertThat(
                client
                    .resources(SegmentationProfile.class)
                    .inNamespace(ns)
                    .withName("p")
                    .get()
                    .getStatus()
                    .getWorkloads())
            .as("workloads seen by the profile of %s", ns)
            .isEqualTo(2);
        assertThat(client.network().v1().networkPolicies().inNamespace(ns).list().getItems())
            .extracting(p -> p.getMetadata().getName())
            .contains("netseg-web", "netseg-client");
      }
    } finally {
      runtime.close();
    }
  }

  private Optional<Condition> ready(String ns) {
    SegmentationProfile p =
        client.resources(SegmentationProfile.class).inNamespace(ns).withName("p").get();
    if (p == null || p.getStatus() == null || p.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return p.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .findFirst();
  }
}
