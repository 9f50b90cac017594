package dev.netseg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConnectivityCommandTest {
  private static final String EXAMPLE = "examples/netpol-basics";

  @Test
  void printsTheAllowedPairsOfTheBundledExample() {
    CliRun run = CliRun.of("connectivity", EXAMPLE);
    assertThat(run.exitCode()).isZero();
    assertThat(run.out().lines())
        .containsExactly(
            // Ingress rule 0 of web/frontend has no "from": the whole world, on http only.
            "0.0.0.0-255.255.255.255[External] => web/frontend[Deployment] : TCP 8080",
            "::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External] => web/frontend[Deployment] :"
                + " TCP 8080",
            // api has no egress policy: it reaches everything the other side lets in.
            "backend/api[Deployment] => 0.0.0.0-255.255.255.255[External] : All Connections",
            "backend/api[Deployment] => ::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External] :"
                + " All Connections",
            "backend/api[Deployment] => backend/db[StatefulSet] : TCP 5432",
            "backend/api[Deployment] => web/frontend[Deployment] : TCP 8080",
            // The named port grpc resolves on api's container to 9090; metrics 9100 stays shut.
            "web/frontend[Deployment] => backend/api[Deployment] : TCP 9090");
  }

  @Test
  void explainShowsTheRulesAndTheDeniedPairs() {
    CliRun run = CliRun.of("connectivity", EXAMPLE, "--explain");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("backend/db[StatefulSet] => backend/api[Deployment] : No Connections")
        .contains(
            "web/frontend -> backend/api TCP 9090: allowed: egress of web/frontend: allowed by"
                + " web/frontend egress rule 0; ingress of backend/api: allowed by backend/api"
                + " ingress rule 0");
  }

  @Test
  void jsonHasTheSameContentAsText() throws Exception {
    CliRun text = CliRun.of("connectivity", EXAMPLE);
    CliRun json = CliRun.of("connectivity", EXAMPLE, "-o", "json");
    assertThat(json.exitCode()).isZero();
    JsonNode items = new ObjectMapper().readTree(json.out());
    assertThat(items).hasSize((int) text.out().lines().count());
    Stream.Builder<String> lines = Stream.builder();
    items.forEach(
        i ->
            lines.add(
                i.get("src").asText()
                    + " => "
                    + i.get("dst").asText()
                    + " : "
                    + i.get("conn").asText()));
    assertThat(lines.build()).containsExactlyElementsOf(text.out().lines().toList());
  }

  static Stream<Arguments> badInputs() {
    return Stream.of(
        Arguments.of("broken.yaml", "kind: Pod\nmetadata: {name: [\n", "broken.yaml#1"),
        Arguments.of(
            "cidr.yaml",
            """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: p, namespace: x}
            spec:
              podSelector: {}
              egress: [{to: [{ipBlock: {cidr: 10.0.0/8}}]}]
            """,
            "NetworkPolicy x/p: spec.egress[0].to[0].ipBlock.cidr"),
        Arguments.of(
            "op.yaml",
            """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: p, namespace: x}
            spec:
              podSelector: {matchExpressions: [{key: a, operator: Matches, values: [b]}]}
            """,
            "spec.podSelector.matchExpressions[0].operator"));
  }

  @ParameterizedTest
  @MethodSource("badInputs")
  void badInputGivesOneLineErrorNamingTheProblemAndNoOutput(
      String file, String content, String expected, @TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve(file), content);
    CliRun run = CliRun.of("connectivity", dir.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("error: ").contains(expected).doesNotContain("\tat ");
    assertThat(run.err().lines()).hasSize(1);
  }

  @Test
  void unknownKindIsSkippedWithAWarning(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("crd.yaml"),
        "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n---\n"
            + "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: x}\n"
            + "spec: {containers: [{name: c, image: i}]}\n");
    CliRun run = CliRun.of("connectivity", dir.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).contains("warning: ").contains("Widget");
    assertThat(run.out())
        .contains("x/p[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections");
  }

  @Test
  void missingPathIsAUserError() {
    CliRun run = CliRun.of("connectivity", "no/such/dir");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("error: no/such/dir: no such file or directory\n");
  }
}
