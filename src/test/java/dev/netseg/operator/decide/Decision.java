package dev.netseg.operator.decide;

import dev.netseg.manifest.ManifestLoader;
import dev.netseg.manifest.Manifests;
import dev.netseg.model.RequiredFlow;
import dev.netseg.operator.crd.SegmentationProfileSpec;
import dev.netseg.operator.plan.Ownership;
import dev.netseg.operator.profile.ProfileSettings;
import dev.netseg.operator.profile.ProfileValidator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One run of the decider for a test, as the reconciler runs it: the profile {@code shop/shop} with
 * a spec written as YAML, over an application written as YAML, plus policies already in the cluster
 * and observed flows.
 */
public record Decision(
    String app,
    String spec,
    List<HasMetadata> inCluster,
    List<RequiredFlow> observed,
    Duration learnedFor,
    Instant now) {
  public static final Ownership.Owner OWNER =
      new Ownership.Owner("netseg.dev/v1alpha1", "SegmentationProfile", "shop", "shop", "uid-1");

  public static final String SHOP_NAMESPACE =
      """
      apiVersion: v1
      kind: Namespace
      metadata: {name: shop, labels: {kubernetes.io/metadata.name: shop}}
      """;

  /** frontend reaches cart:7070 through an env reference; cart serves grpc behind a Service. */
  public static final String FRONTEND_CALLS_CART =
      SHOP_NAMESPACE
          + """
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

  /** checkout reaches cart:7070 through a netseg.dev/egress annotation (declared evidence). */
  public static final String CHECKOUT_DECLARES_CART =
      """
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
      """;

  public static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

  public Decision {
    inCluster = List.copyOf(inCluster);
    observed = List.copyOf(observed);
  }

  /** The documents joined into one YAML stream. */
  public static String yaml(String... documents) {
    return String.join("---\n", documents);
  }

  /** Nothing else in the cluster, nothing observed, learning since an hour ago. */
  public static Decision of(String app, String spec) {
    return new Decision(app, spec, List.of(), List.of(), Duration.ofHours(1), NOW);
  }

  public Decision withPolicies(List<? extends HasMetadata> policies) {
    return new Decision(app, spec, List.copyOf(policies), observed, learnedFor, now);
  }

  public Decision withObserved(List<RequiredFlow> flows) {
    return new Decision(app, spec, inCluster, flows, learnedFor, now);
  }

  public Decision learnedFor(Duration period) {
    return new Decision(app, spec, inCluster, observed, period, now);
  }

  /** When learning started. */
  public Instant learningSince() {
    return now.minus(learnedFor);
  }

  public ProfileOutcome decide() {
    SegmentationProfileSpec parsed =
        new KubernetesSerialization().unmarshal(spec, SegmentationProfileSpec.class);
    ProfileSettings settings =
        new ProfileValidator(Set.of("hubble-relay")).validate(parsed).settings().orElseThrow();
    List<HasMetadata> objects =
        new ArrayList<>(new ManifestLoader().loadText("app.yaml", app).allObjects());
    objects.addAll(inCluster);
    return new ProfileDecider()
        .decide(
            new ProfileInput(
                OWNER,
                1,
                settings,
                Map.of(),
                Manifests.of(objects),
                observed,
                new Knowledge(learningSince(), List.of()),
                now));
  }
}
