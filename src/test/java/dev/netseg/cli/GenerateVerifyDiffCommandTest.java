package dev.netseg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateVerifyDiffCommandTest {
  private static final String SHOP = "examples/shop";
  private static final String FLOWS = "examples/shop/flows.jsonl";

  private static long yamlFiles(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".yaml")).count();
    }
  }

  @Test
  void generatePrintsOnePolicyPerWorkloadAndIsByteIdenticalAcrossRuns() {
    CliRun first = CliRun.of("generate", SHOP, "--flows", FLOWS);
    CliRun second = CliRun.of("generate", SHOP, "--flows", FLOWS);
    assertThat(first.exitCode()).isZero();
    assertThat(first.out()).isEqualTo(second.out());
    assertThat(first.out().lines().filter(l -> l.equals("kind: NetworkPolicy")).count())
        .isEqualTo(10);
    assertThat(first.err())
        .contains("netseg generate: 10 workloads, 10 with a policy, 10 policies")
        .contains("flow records: 1 accepted");
  }

  @Test
  void theSameConnectionSeenAgainLaterGivesByteIdenticalPolicies(@TempDir Path dir)
      throws Exception {
    String line = Files.readString(Path.of(FLOWS)).strip();
    Path once = Files.createDirectories(dir.resolve("once")).resolve("flows.jsonl");
    Files.writeString(once, line + "\n");
    // The same connection seen 50 more times over the next days: count and span both change.
    StringBuilder many = new StringBuilder(line).append('\n');
    for (int i = 1; i <= 50; i++) {
      many.append(
              line.replace(
                  "2026-11-01T10:00:00Z", "2026-11-0%dT1%d:00:00Z".formatted(2 + i % 7, i % 10)))
          .append('\n');
    }
    Path often = Files.createDirectories(dir.resolve("often")).resolve("flows.jsonl");
    Files.writeString(often, many.toString());

    CliRun first = CliRun.of("generate", SHOP, "--flows", once.toString());
    CliRun later = CliRun.of("generate", SHOP, "--flows", often.toString());
    assertThat(first.exitCode()).isZero();
    assertThat(later.err()).contains("flow records: 51 accepted");
    assertThat(first.out()).contains("observed: flows.jsonl").isEqualTo(later.out());
  }

  @Test
  void generatedPoliciesPassVerifyAndAnEmptySetIsReportedAsLoss(@TempDir Path dir)
      throws Exception {
    Path out = dir.resolve("policies");
    CliRun gen = CliRun.of("generate", SHOP, "--flows", FLOWS, "-o", out.toString());
    assertThat(gen.exitCode()).isZero();
    assertThat(yamlFiles(out)).isEqualTo(10);

    CliRun verify = CliRun.of("verify", SHOP, "--flows", FLOWS, "--policies", out.toString());
    assertThat(verify.exitCode()).isZero();
    assertThat(verify.out()).contains("0 of 37 required flows blocked by 10 policies");

    Path empty = Files.createDirectories(dir.resolve("none"));
    Files.writeString(empty.resolve("README.yaml"), "");
    CliRun diff = CliRun.of("diff", empty.toString(), out.toString(), SHOP);
    assertThat(diff.exitCode()).isZero();
    // Without policies everything is open; the generated set takes away what no flow needs
    // (postgres is reached only on 5432) and keeps what is required.
    assertThat(diff.out())
        .contains("- shop/frontend[Deployment] => data/postgres[StatefulSet] : All Connections")
        .doesNotContain("+ ");
    CliRun same = CliRun.of("diff", out.toString(), out.toString(), SHOP);
    assertThat(same.out()).isEqualTo("no change in connectivity\n");
  }

  @Test
  void verifyFailsOnAPolicySetThatBlocksARequiredFlow(@TempDir Path dir) throws Exception {
    Path policies = dir.resolve("deny.yaml");
    Files.writeString(
        policies,
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny-data, namespace: data}
        spec:
          podSelector: {}
          policyTypes: [Ingress]
        """);
    CliRun verify = CliRun.of("verify", SHOP, "--flows", FLOWS, "--policies", policies.toString());
    assertThat(verify.exitCode()).isEqualTo(1);
    assertThat(verify.out())
        .contains("BLOCKED shop/shipping[Deployment] -> data/postgres[StatefulSet] TCP/5432")
        .contains("because observed: flows.jsonl")
        .contains("ingress of data/postgres is isolated by data/deny-data");
  }

  @Test
  void generateToADirectoryReplacesStaleFilesAndWritesNothingOnBadInput(@TempDir Path dir)
      throws Exception {
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    Files.writeString(out.resolve("shop.netseg-gone.yaml"), "stale");
    Files.writeString(out.resolve("keep.txt"), "mine");
    assertThat(CliRun.of("generate", SHOP, "-o", out.toString()).exitCode()).isZero();
    assertThat(out.resolve("shop.netseg-gone.yaml")).doesNotExist();
    assertThat(out.resolve("keep.txt")).hasContent("mine");

    Path bad = dir.resolve("bad.yaml");
    Files.writeString(
        bad,
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: x
          annotations: {netseg.dev/egress: "payments:http:x:y"}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: c, image: i}]}
        """);
    Path badOut = dir.resolve("bad-out");
    CliRun run = CliRun.of("generate", bad.toString(), "-o", badOut.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("error: ")
        .contains("Deployment x/web")
        .contains("nothing written");
    assertThat(badOut).doesNotExist();
  }

  @Test
  void machineReadableReport() {
    CliRun run = CliRun.of("generate", SHOP, "--format", "json");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("\"report\"", "\"policies\"", "\"flows\"");
  }
}
