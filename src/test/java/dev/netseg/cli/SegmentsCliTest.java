package dev.netseg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** generate and verify with --segments on the shop example. */
class SegmentsCliTest {
  private static final String SHOP = "examples/shop";
  private static final String FLOWS = "examples/shop/flows.jsonl";
  private static final String SUSPICIOUS = "examples/shop/suspicious-flows.jsonl";
  private static final String SEGMENTS = "examples/shop-segments.yaml";

  @Test
  void generateReportsTheRefusedObservedFlowWithItsProvenance() {
    CliRun run = CliRun.of("generate", SHOP, "--flows", SUSPICIOUS, "--segments", SEGMENTS);

    assertThat(run.exitCode()).isZero();
    assertThat(run.err())
        .contains("refused flows: 1")
        .contains(
            "REFUSED shop/frontend[Deployment] -> data/postgres[StatefulSet] TCP/5432 (web ->"
                + " data)\n"
                + "    because observed: suspicious-flows.jsonl\n"
                + "    denied by rules[5] deny web -> data");
    // frontend's policy has no egress to postgres; shipping's observed flow is app -> data
    assertThat(run.out()).doesNotContain("frontend[Deployment] -> data/postgres");
  }

  @Test
  void generateJsonListsRefusedFlows() throws Exception {
    CliRun run =
        CliRun.of("generate", SHOP, "--flows", SUSPICIOUS, "--segments", SEGMENTS, "-o", "json");

    assertThat(run.exitCode()).isZero();
    JsonNode refused = new ObjectMapper().readTree(run.out()).get("refused");
    assertThat(refused).hasSize(1);
    assertThat(refused.get(0).get("sourceSegment").asText()).isEqualTo("web");
    assertThat(refused.get(0).get("destinationSegment").asText()).isEqualTo("data");
    assertThat(refused.get(0).get("rule").asText()).isEqualTo("rules[5] deny web -> data");
    assertThat(refused.get(0).get("provenance").get(0).asText()).startsWith("observed: ");
  }

  @Test
  void withoutSegmentsTheSameFlowIsLearned() {
    CliRun run = CliRun.of("generate", SHOP, "--flows", SUSPICIOUS);

    assertThat(run.err()).doesNotContain("REFUSED");
    assertThat(run.err()).contains("observed 2");
  }

  @Test
  void verifyFailsOnRefusedFlowsEvenWhenNothingIsBlocked(@TempDir Path dir) {
    Path out = dir.resolve("policies");
    CliRun gen =
        CliRun.of(
            "generate", SHOP, "--flows", SUSPICIOUS, "--segments", SEGMENTS, "-o", out.toString());
    assertThat(gen.exitCode()).isZero();

    CliRun verify =
        CliRun.of(
            "verify",
            SHOP,
            "--flows",
            SUSPICIOUS,
            "--segments",
            SEGMENTS,
            "--policies",
            out.toString());
    CliRun clean =
        CliRun.of(
            "verify", SHOP, "--flows", FLOWS, "--segments", SEGMENTS, "--policies", out.toString());

    assertThat(verify.exitCode()).isEqualTo(1);
    assertThat(verify.out())
        .contains("REFUSED shop/frontend[Deployment] -> data/postgres[StatefulSet] TCP/5432")
        .contains("0 of 38 required flows blocked")
        .contains("1 required flows refused by segments");
    assertThat(clean.exitCode()).isZero();
  }

  @Test
  void badSegmentsFileIsAUserErrorNamingFileAndField(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("s.yaml");
    Files.writeString(file, "rules:\n  - deny: {from: web, to: data}\n");

    CliRun run = CliRun.of("generate", SHOP, "--segments", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "error: "
                + file
                + ": rules[0].deny.from: unknown segment \"web\" (segments: *, external,"
                + " unsegmented)\n");
  }

  @Test
  void workloadInTwoSegmentsIsAUserError(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("s.yaml");
    Files.writeString(
        file,
        "segments:\n"
            + "  app: {podSelector: {matchLabels: {tier: app}}}\n"
            + "  payments: {namespaceSelector: {matchLabels: {kubernetes.io/metadata.name:"
            + " payments}}}\n");

    CliRun run = CliRun.of("generate", SHOP, "--segments", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains(
            "error: Deployment payments/paymentservice matches segments app and payments: a"
                + " workload must be in at most one segment");
  }

  @Test
  void segmentsCommandPrintsZonesAndTheMatrix() {
    CliRun run = CliRun.of("segments", SHOP, "--flows", SUSPICIOUS, "--segments", SEGMENTS);

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("shop/frontend[Deployment]            web\n")
        .contains("payments/paymentservice[Deployment]  payments\n")
        .containsPattern("\\nweb +data +1 +0 +1 +0 +1\\n")
        .containsPattern("\\napp +data +3 +3 +0 +0 +0\\n")
        .containsPattern("\\nexternal +web +2 +2 +0 +0 +0\\n");
  }

  @Test
  void segmentsCommandJsonHasWorkloadsMatrixAndRefused() throws Exception {
    CliRun run =
        CliRun.of("segments", SHOP, "--flows", SUSPICIOUS, "--segments", SEGMENTS, "-o", "json");

    JsonNode doc = new ObjectMapper().readTree(run.out());
    assertThat(doc.get("mode").asText()).isEqualTo("intent");
    assertThat(doc.get("workloads")).hasSize(10);
    JsonNode webData = null;
    for (JsonNode cell : doc.get("matrix")) {
      if (cell.get("from").asText().equals("web") && cell.get("to").asText().equals("data")) {
        webData = cell;
      }
    }
    assertThat(webData).isNotNull();
    assertThat(webData.get("denied").asInt()).isEqualTo(1);
    assertThat(webData.get("refused").asInt()).isEqualTo(1);
    assertThat(doc.get("refused")).hasSize(1);
  }
}
