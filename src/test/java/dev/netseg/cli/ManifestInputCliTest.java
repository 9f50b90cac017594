package dev.netseg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a new user gives netseg first: rendered manifests on standard input, a chart or a
 * kustomization by mistake, manifests without namespaces.
 */
class ManifestInputCliTest {
  @TempDir Path dir;

  private static final String APP =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, ports: [{containerPort: 8080}]}]}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: web}
      spec:
        type: LoadBalancer
        selector: {app: web}
        ports: [{port: 80, targetPort: 8080}]
      """;

  @Test
  void renderedManifestsAreReadFromStandardInput() {
    CliRun fromStdin = CliRun.withInput(APP, "generate", "-", "-n", "shop");
    assertThat(fromStdin.exitCode()).as(fromStdin.err()).isZero();
    assertThat(fromStdin.out()).contains("name: netseg-web").contains("namespace: shop");
    assertThat(fromStdin.err()).contains("netseg generate: 1 workloads, 1 with a policy");
  }

  @Test
  void standardInputCanBeMixedWithFilesAndIsNamedStdinInErrors() throws Exception {
    Path other = dir.resolve("other.yaml");
    Files.writeString(
        other, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: shop}\n");
    CliRun bad = CliRun.withInput("a: b: c\n", "generate", other.toString(), "-");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).startsWith("error: stdin#1: malformed YAML at line 1");
    assertThat(bad.out()).isEmpty();
  }

  static Stream<Arguments> unrendered() {
    return Stream.of(
        Arguments.of(
            "chart",
            "Chart.yaml",
            "apiVersion: v2\nname: demo\nversion: 0.1.0\n",
            "generate",
            "a Helm chart (Chart.yaml), not rendered manifests; render it and give the result on"
                + " standard input: helm template RELEASE %s | netseg generate -"),
        Arguments.of(
            "chart",
            "Chart.yaml",
            "apiVersion: v2\nname: demo\nversion: 0.1.0\n",
            "connectivity",
            "helm template RELEASE %s | netseg connectivity -"),
        Arguments.of(
            "base",
            "kustomization.yaml",
            "resources: [deploy.yaml]\n",
            "verify",
            "a kustomization (kustomization.yaml), not rendered manifests; render it and give the"
                + " result on standard input: kubectl kustomize %s | netseg verify -"));
  }

  @ParameterizedTest(name = "{3} {0}")
  @MethodSource("unrendered")
  void chartsAndKustomizationsStopWithTheCommandThatRendersThem(
      String folder, String file, String content, String command, String message) throws Exception {
    Path d = Files.createDirectories(dir.resolve(folder));
    Files.writeString(d.resolve(file), content);
    Files.writeString(d.resolve("deploy.yaml"), APP);
    List<String> args = new ArrayList<>(List.of(command, d.toString()));
    if (command.equals("verify")) {
      args.addAll(List.of("--policies", d.toString()));
    }
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err()).contains(message.formatted(d)).doesNotContain("snakeyaml");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void mostObjectsWithoutANamespaceGetOneHintUnlessDashNIsGiven() throws Exception {
    Path app = dir.resolve("app.yaml");
    Files.writeString(app, APP);
    CliRun without = CliRun.of("generate", app.toString());
    assertThat(without.exitCode()).isZero();
    assertThat(without.err().lines().filter(l -> l.contains("-n NAMESPACE")))
        .containsExactly(
            "warning: 2 of 2 objects name no namespace: they are read as namespace \"default\";"
                + " give the namespace they are applied to with -n NAMESPACE");
    CliRun with = CliRun.of("generate", app.toString(), "-n", "shop");
    assertThat(with.err()).doesNotContain("-n NAMESPACE");
    assertThat(with.out()).contains("namespace: shop");
  }
}
