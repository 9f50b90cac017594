package dev.netseg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
        .contains("flow records: 1 accepted")
        .contains(
            "required flows: 37 (declared 1, manifest 13, exposure 2, observed 1, platform 20)")
        .contains("exposure read from: 1 Service type LoadBalancer\n")
        .contains(
            "coverage: 10 of 10 Services have a known client; 13 flows only from manifests, 0 also"
                + " observed, 1 only observed\n");
  }

  @Test
  void generatedFilesCarryNoArgoCdAnnotationsSinceUsersCommitThemToGit() {
    CliRun run = CliRun.of("generate", SHOP, "--flows", FLOWS);
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("netseg.dev/justification").doesNotContain("argocd.argoproj.io");
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
        .contains("error: ")
        .contains("Deployment x/web")
        .contains("nothing written");
    assertThat(badOut).doesNotExist();
  }

  @Test
  void generatePrintsOneMachineDocumentWithDashOJsonOrYaml() throws Exception {
    for (String format : List.of("json", "yaml")) {
      CliRun run = CliRun.of("generate", SHOP, "--flows", FLOWS, "-o", format);
      assertThat(run.exitCode()).as(format).isZero();
      ObjectMapper mapper =
          format.equals("json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
      JsonNode doc = mapper.readTree(run.out());
      assertThat(doc.get("policies")).as(format).hasSize(10);
      assertThat(doc.at("/report/workloads").asInt()).as(format).isEqualTo(10);
      assertThat(doc.get("flows")).as(format).hasSize(37);
      assertThat(doc.at("/flowRecords/accepted").asInt()).as(format).isEqualTo(1);
    }
    CliRun both = CliRun.of("generate", SHOP, "-o", "json", "--format", "yaml");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("-o json and --format yaml disagree");
  }

  @Test
  void generateToADirectoryPrintsTheReportInTheRequestedFormat(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("p");
    CliRun run = CliRun.of("generate", SHOP, "-o", out.toString(), "--format", "json");
    assertThat(run.exitCode()).isZero();
    assertThat(new ObjectMapper().readTree(run.out()).at("/report/policies").asInt()).isEqualTo(10);
    assertThat(yamlFiles(out)).isEqualTo(10);
  }

  @Test
  void verifyAndDiffPrintMachineDocuments(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("p");
    assertThat(CliRun.of("generate", SHOP, "-o", out.toString()).exitCode()).isZero();
    CliRun verify =
        CliRun.of("verify", SHOP, "--policies", out.toString(), "--flows", FLOWS, "-o", "yaml");
    // Generated without the flows file, so the flow known only from observation is blocked.
    assertThat(verify.exitCode()).isEqualTo(1);
    JsonNode v = new ObjectMapper(new YAMLFactory()).readTree(verify.out());
    assertThat(v.get("requiredFlows").asInt()).isEqualTo(37);
    assertThat(v.get("blocked")).hasSize(1);
    assertThat(v.at("/blocked/0/source").asText()).isEqualTo("shop/shipping[Deployment]");
    assertThat(v.at("/blocked/0/provenance/0").asText()).startsWith("observed: flows.jsonl");
    CliRun diff = CliRun.of("diff", out.toString(), out.toString(), SHOP, "-o", "json");
    assertThat(new ObjectMapper().readTree(diff.out()).get("changes")).isEmpty();
  }

  @Test
  void progressGoesToStderrOnlyForRunsLongerThanTheThreshold() {
    CliRun shown = CliRun.of("generate", SHOP, "--progress-after-ms", "0");
    assertThat(shown.exitCode()).isZero();
    assertThat(shown.err().lines().filter(l -> l.startsWith("netseg: [")))
        .extracting(l -> l.replaceFirst("^netseg: \\[[0-9.]+s\\] ", ""))
        .containsExactly(
            "loading manifests from examples/shop...",
            "inferring required flows and synthesizing policies for 10 workloads...",
            "done");
    CliRun quiet = CliRun.of("generate", SHOP, "--progress-after-ms", "600000");
    assertThat(quiet.err()).doesNotContain("netseg: [");
    assertThat(quiet.out()).isEqualTo(shown.out());
  }

  @Test
  void reportNamesTheObjectAndFieldOfAnUnresolvedReference(@TempDir Path dir) throws Exception {
    Path app = dir.resolve("app.yaml");
    Files.writeString(
        app,
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: x}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - name: c
                image: i
                env: [{name: CART_ADDR, value: "cart.x.svc:7070"}]
        """);
    CliRun run = CliRun.of("generate", app.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.err())
        .containsPattern("(?m)^findings:$")
        .containsPattern("(?m)^  warning Deployment x/web env CART_ADDR: .*cart.*$");
  }

  @Test
  void aFailedWriteLeavesEveryPolicyFileAsItWasAndNoTemporaryFile(@TempDir Path dir)
      throws Exception {
    Path out = dir.resolve("out");
    assertThat(CliRun.of("generate", SHOP, "-o", out.toString()).exitCode()).isZero();
    Map<Path, String> before = new TreeMap<>();
    try (Stream<Path> files = Files.list(out)) {
      for (Path p : files.toList()) {
        Files.writeString(p, "edited by hand\n");
        before.put(p, "edited by hand\n");
      }
    }
    // One file cannot be replaced: a non-empty directory has its name.
    Path blocker = out.resolve("shop.netseg-shipping.yaml");
    Files.delete(blocker);
    Files.createDirectories(blocker.resolve("x"));
    before.remove(blocker);

    CliRun run = CliRun.of("generate", SHOP, "-o", out.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("cannot write policies to").contains("no policy file changed");
    for (var e : before.entrySet()) {
      assertThat(e.getKey()).hasContent(e.getValue().strip());
    }
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @Test
  void diffJoinsTheExternalRangesAPairLosesWithTheSamePorts(@TempDir Path dir) {
    Path open = dir.resolve("open");
    Path narrow = dir.resolve("narrow");
    assertThat(CliRun.of("generate", SHOP, "-o", open.toString()).exitCode()).isZero();
    assertThat(
            CliRun.of("generate", SHOP, "--exposure-cidr", "10.0.0.0/8", "-o", narrow.toString())
                .exitCode())
        .isZero();
    CliRun diff = CliRun.of("diff", open.toString(), narrow.toString(), SHOP);
    assertThat(diff.exitCode()).isZero();
    // The ipBlocks of both sets (0.0.0.0/0, 10.0.0.0/8, the payments provider's 203.0.113.0/24)
    // cut the address space into five ranges; the frontend loses the four outside 10.0.0.0/8,
    // which join into two, and all of IPv6.
    assertThat(diff.out().lines())
        .containsExactly(
            "- 0.0.0.0-9.255.255.255[External] => shop/frontend[Deployment] : TCP 8080",
            "- 11.0.0.0-255.255.255.255[External] => shop/frontend[Deployment] : TCP 8080",
            "- ::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External] => shop/frontend[Deployment] :"
                + " TCP 8080",
            "0 pairs gained connections, 3 pairs lost connections");
  }
}
