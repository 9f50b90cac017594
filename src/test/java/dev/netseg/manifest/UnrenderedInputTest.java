package dev.netseg.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * netseg reads rendered manifests only: a Helm chart, a raw template or a kustomization stops the
 * load with one line that says what to run instead.
 */
class UnrenderedInputTest {
  @TempDir Path dir;
  ManifestFixtures fx;

  @BeforeEach
  void setUp() {
    fx = new ManifestFixtures(dir);
  }

  private static final String CHART = "apiVersion: v2\nname: demo\nversion: 0.1.0\n";
  private static final String TEMPLATE =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: {{ .Release.Name }}-web
      spec:
        replicas: {{ .Values.replicas }}
      """;
  private static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web}]}
      """;
  private static final String KUSTOMIZATION =
      "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [deploy.yaml]\n";

  static Stream<Arguments> inputs() {
    return Stream.of(
        Arguments.of(
            "a chart folder",
            Map.of("chart/Chart.yaml", CHART, "chart/templates/deploy.yaml", TEMPLATE),
            "chart",
            "chart: a Helm chart (Chart.yaml), not rendered manifests; render it and give the"
                + " result on standard input: helm template RELEASE chart | netseg generate -"),
        Arguments.of(
            "a chart below the folder given",
            Map.of(
                "repo/deploy/app.yaml", DEPLOYMENT,
                "repo/charts/demo/Chart.yaml", CHART,
                "repo/charts/demo/templates/deploy.yaml", TEMPLATE),
            "repo",
            "repo/charts/demo: a Helm chart (Chart.yaml), not rendered manifests; render it and"
                + " give the result on standard input: helm template RELEASE repo/charts/demo |"
                + " netseg generate -"),
        Arguments.of(
            "a template of a chart named directly",
            Map.of("chart/Chart.yaml", CHART, "chart/templates/deploy.yaml", DEPLOYMENT),
            "chart/templates/deploy.yaml",
            "chart: a Helm chart (Chart.yaml), not rendered manifests; render it and give the"
                + " result on standard input: helm template RELEASE chart | netseg generate -"),
        Arguments.of(
            "a raw template outside a chart",
            Map.of("deploy.yaml", TEMPLATE),
            "deploy.yaml",
            "deploy.yaml#1: a template ({{ at line 4), not rendered manifests; render it and give"
                + " the result on standard input: helm template RELEASE CHART | netseg generate -"),
        Arguments.of(
            "a kustomization folder",
            Map.of("base/kustomization.yaml", KUSTOMIZATION, "base/deploy.yaml", DEPLOYMENT),
            "base",
            "base: a kustomization (kustomization.yaml), not rendered manifests; render it and give"
                + " the result on standard input: kubectl kustomize base | netseg generate -"),
        Arguments.of(
            "a kustomization below the folder given",
            Map.of(
                "k/overlays/prod/kustomization.yml", KUSTOMIZATION,
                "k/base/deploy.yaml", DEPLOYMENT),
            "k",
            "k/overlays/prod: a kustomization (kustomization.yml), not rendered manifests; render"
                + " it and give the result on standard input: kubectl kustomize k/overlays/prod |"
                + " netseg generate -"),
        Arguments.of(
            "a Kustomization object in a file of another name",
            Map.of("k/base.yaml", KUSTOMIZATION),
            "k/base.yaml",
            "k/base.yaml#1 (Kustomization): a kustomization, not rendered manifests; render it and"
                + " give the result on standard input: kubectl kustomize k | netseg generate -"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inputs")
  void unrenderedInputStopsWithWhatToRun(
      String what, Map<String, String> files, String given, String message) {
    files.forEach(fx::write);
    UnrenderedInputException e =
        catchThrowableOfType(UnrenderedInputException.class, () -> fx.load(given));
    assertThat(e).as(what).isNotNull();
    assertThat(fx.relative(e.getMessage())).isEqualTo(message);
    assertThat(fx.relative(e.message("netseg verify"))).endsWith("| netseg verify -");
  }
}
