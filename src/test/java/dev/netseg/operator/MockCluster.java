package dev.netseg.operator;

import dev.netseg.operator.apply.WriteMode;
import dev.netseg.operator.crd.SegmentationProfile;
import dev.netseg.operator.learn.LearnedFlows;
import dev.netseg.testing.ProfileEdits;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What the operator tests read and write on the CRUD mock, in one namespace. */
public final class MockCluster {
  /** Namespace shop: frontend calls cart (an env reference), cart serves grpc behind a Service. */
  public static final String FRONTEND_CALLS_CART =
      """
      apiVersion: v1
      kind: Namespace
      metadata: {name: shop, labels: {kubernetes.io/metadata.name: shop}}
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
            - name: web
              image: web
              ports: [{name: http, containerPort: 8080}]
              env: [{name: CART_ADDR, value: "cart:7070"}]
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: cart, namespace: shop}
      spec:
        selector: {matchLabels: {app: cart}}
        template:
          metadata: {labels: {app: cart}}
          spec:
            containers:
            - name: cart
              image: cart
              ports: [{name: grpc, containerPort: 7070}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: cart, namespace: shop}
      spec:
        selector: {app: cart}
        ports: [{name: grpc, port: 7070, targetPort: grpc}]
      """;

  private final KubernetesClient client;
  private final String namespace;

  MockCluster(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /**
   * Starts the operator on the mock as the tests run it: no flow source, create-or-update writes
   * (the mock has no server-side apply), watching {@code watchNamespaces} (empty: all).
   */
  public static OperatorRuntime startOperator(KubernetesClient client, Set<String> watchNamespaces)
      throws IOException {
    return OperatorRuntime.start(
        new OperatorConfig(
            watchNamespaces,
            0,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Duration.ofSeconds(30),
            Duration.ZERO), // no warm-up: tests post flows and check what follows at once
        client,
        WriteMode.CREATE_OR_UPDATE,
        LearnedFlows.NONE,
        Clock.systemUTC());
  }

  /** Creates or replaces every object of a YAML stream. */
  void apply(String yaml) {
    for (HasMetadata o :
        client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items()) {
      client.resource(o).createOr(existing -> existing.update());
    }
  }

  /** Creates a SegmentationProfile with the given spec (YAML, unindented). */
  void createProfile(String name, String spec) {
    SegmentationProfile p =
        Serialization.unmarshal(
            """
            apiVersion: netseg.dev/v1alpha1
            kind: SegmentationProfile
            metadata: {name: %s, namespace: %s}
            spec:
            %s
            """
                .formatted(name, namespace, spec.indent(2)),
            SegmentationProfile.class);
    client.resource(p).create();
  }

  /**
   * Changes a profile's spec as a user would, read fresh and written again until no status write of
   * the operator came in between (the API answers such a race with 409 Conflict).
   */
  void editProfile(String name, java.util.function.Consumer<SegmentationProfile> change) {
    ProfileEdits.edit(client, namespace, name, change);
  }

  SegmentationProfile profile(String name) {
    return client.resources(SegmentationProfile.class).inNamespace(namespace).withName(name).get();
  }

  /** A condition of the profile's status, if it has one of that type yet. */
  Optional<Condition> condition(String profile, String type) {
    SegmentationProfile p = profile(profile);
    if (p == null || p.getStatus() == null || p.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return p.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  List<NetworkPolicy> policies() {
    return client.network().v1().networkPolicies().inNamespace(namespace).list().getItems();
  }

  NetworkPolicy policy(String name) {
    return client.network().v1().networkPolicies().inNamespace(namespace).withName(name).get();
  }
}
