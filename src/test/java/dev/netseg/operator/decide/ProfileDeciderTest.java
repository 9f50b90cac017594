package dev.netseg.operator.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.manifest.ManifestLoader;
import dev.netseg.operator.crd.SegmentationProfileSpec;
import dev.netseg.operator.plan.Ownership;
import dev.netseg.operator.profile.ProfileSettings;
import dev.netseg.operator.profile.ProfileValidator;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The decision without a cluster: which evidence the profile's learning sources let in. */
class ProfileDeciderTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  /**
   * frontend reaches cart through an env reference (manifest evidence), checkout through a
   * netseg.dev/egress annotation (declared evidence).
   */
  private static final String APP =
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
            - {name: web, image: web, env: [{name: CART_ADDR, value: "cart:7070"}]}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: checkout
        namespace: shop
        annotations: {netseg.dev/egress: "cart:7070"}
      spec:
        selector: {matchLabels: {app: checkout}}
        template:
          metadata: {labels: {app: checkout}}
          spec:
            containers: [{name: checkout, image: checkout}]
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
            - {name: cart, image: cart, ports: [{name: grpc, containerPort: 7070}]}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: cart, namespace: shop}
      spec:
        selector: {app: cart}
        ports: [{name: grpc, port: 7070, targetPort: grpc}]
      """;

  @ParameterizedTest(name = "sources {0}: frontend allowed {1}, checkout allowed {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Declarations, Manifests, ObservedFlows | true  | true",
        "Declarations, ObservedFlows            | false | true",
        "Manifests                              | true  | false",
        "''                                     | false | false",
      })
  void learningSourcesDecideWhichEvidenceCounts(
      String sources, boolean frontendAllowed, boolean checkoutAllowed) {
    ProfileOutcome outcome =
        decide("mode: Observe\nlearning: {sources: [%s]}\n".formatted(sources));

    String cartIngress =
        Serialization.asYaml(policy(outcome, "netseg-cart").getSpec().getIngress());
    assertThat(cartIngress.contains("app: \"frontend\"")).isEqualTo(frontendAllowed);
    assertThat(cartIngress.contains("app: \"checkout\"")).isEqualTo(checkoutAllowed);
  }

  private static ProfileOutcome decide(String specYaml) {
    SegmentationProfileSpec spec = Serialization.unmarshal(specYaml, SegmentationProfileSpec.class);
    ProfileSettings settings =
        new ProfileValidator(Set.of()).validate(spec).settings().orElseThrow();
    return new ProfileDecider()
        .decide(
            new ProfileInput(
                new Ownership.Owner(
                    "netseg.dev/v1alpha1", "SegmentationProfile", "shop", "shop", "uid-1"),
                1,
                settings,
                Map.of(),
                new ManifestLoader().loadText("app.yaml", APP),
                List.of(),
                new Knowledge(NOW, List.of()),
                NOW));
  }

  private static NetworkPolicy policy(ProfileOutcome outcome, String name) {
    return outcome.proposed().stream()
        .filter(p -> p.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no proposed policy " + name));
  }
}
