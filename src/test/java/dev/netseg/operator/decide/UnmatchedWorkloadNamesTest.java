package dev.netseg.operator.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.manifest.ManifestLoader;
import dev.netseg.operator.crd.SegmentationProfileSpec;
import dev.netseg.operator.crd.SegmentationProfileStatus;
import dev.netseg.operator.plan.Ownership;
import dev.netseg.operator.profile.ProfileSettings;
import dev.netseg.operator.profile.ProfileValidator;
import dev.netseg.operator.status.StatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A workload name in the spec that matches no workload of the namespace is a warning in status, not
 * Ready=False: the workload may be created after the profile.
 */
class UnmatchedWorkloadNamesTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

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
            containers: [{name: web, image: web, ports: [{containerPort: 8080}]}]
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: frontend, namespace: other}
      spec:
        selector: {matchLabels: {app: frontend}}
        template:
          metadata: {labels: {app: frontend}}
          spec:
            containers: [{name: web, image: web}]
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: reports, namespace: other}
      spec:
        selector: {matchLabels: {app: reports}}
        template:
          metadata: {labels: {app: reports}}
          spec:
            containers: [{name: reports, image: reports}]
      """;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          'allow: [{workload: frontend, egress: ["10.0.0.0/8:5432"]}, {workload: fronend, egress: ["10.0.0.0/8:5432"]}]' | spec.allow[1].workload: no workload named "fronend" in namespace shop
          'allow: [{workload: reports, ingress: [frontend]}]'                     | spec.allow[0].workload: no workload named "reports" in namespace shop
          'exclude: {workloads: [frontend, legacy]}'                              | spec.exclude.workloads[1]: no workload named "legacy" in namespace shop
          'egress: {apiServer: {workloads: [operator], cidrs: [172.20.0.0/28]}}'  | spec.egress.apiServer.workloads[0]: no workload named "operator" in namespace shop
          """)
  void aNameMatchingNoWorkloadIsAWarningNotAnError(String spec, String warning) {
    ProfileOutcome outcome = decide(spec);

    assertThat(outcome.warnings())
        .containsExactly(warning + " (yet): it has no effect until one exists");
    assertThat(outcome.conditions())
        .filteredOn(c -> c.type().equals(DesiredCondition.READY))
        .singleElement()
        .satisfies(c -> assertThat(c.status()).isTrue());
    SegmentationProfileStatus status = StatusBuilder.build(null, outcome, context());
    assertThat(status.getWarnings())
        .containsExactly(warning + " (yet): it has no effect until one exists");
  }

  @Test
  void namesThatMatchLeaveNoWarningAndNoEmptyListInStatus() {
    ProfileOutcome outcome =
        decide(
            """
            allow: [{workload: frontend, egress: ["10.0.0.0/8:5432"]}]
            exclude: {workloads: [frontend]}
            egress: {apiServer: {workloads: [frontend], cidrs: [172.20.0.0/28]}}
            """);

    assertThat(outcome.warnings()).isEmpty();
    assertThat(StatusBuilder.build(null, outcome, context()).getWarnings()).isNull();
  }

  @Test
  void anApiServerWorkloadIsANameInTheProfilesNamespace() {
    ProfileOutcome outcome =
        decide(
            "egress: {apiServer: {workloads: [frontend], cidrs: [172.20.0.0/28], ports: [6443]}}");

    String frontend = Serialization.asYaml(policy(outcome, "netseg-frontend").getSpec());
    assertThat(frontend).contains("172.20.0.0/28", "6443");
  }

  @Test
  void manyUnmatchedNamesAreSummedUpAfterTheFirstOnes() {
    StringBuilder names = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      names.append(i == 0 ? "" : ", ").append("gone-").append(i);
    }
    ProfileOutcome outcome = decide("exclude: {workloads: [" + names + "]}");

    assertThat(outcome.warnings()).hasSize(20);
    assertThat(outcome.warnings().get(0)).startsWith("spec.exclude.workloads[0]: ");
    assertThat(outcome.warnings().get(19)).isEqualTo("and 11 more names that match no workload");
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

  private static StatusBuilder.Context context() {
    return new StatusBuilder.Context(1, NOW, NOW, 0, 0, false, "shop");
  }

  private static io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy policy(
      ProfileOutcome outcome, String name) {
    return outcome.proposed().stream()
        .filter(p -> p.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no proposed policy " + name));
  }
}
