package dev.netseg.operator;

import dev.netseg.operator.crd.SegmentationProfile;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** What the operator tests read and write on the CRUD mock, in one namespace. */
final class MockCluster {
  private final KubernetesClient client;
  private final String namespace;

  MockCluster(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
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
    for (int attempt = 1; ; attempt++) {
      SegmentationProfile p = profile(name);
      change.accept(p);
      try {
        client.resource(p).update();
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 10) {
          throw e;
        }
      }
    }
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
