package dev.netseg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/webstore} end to end: {@code $(VAR)} expansion, host and port in separate
 * variables, credentials kept out of every output, Gateway API exposure, and Hubble flows from pods
 * resolved by their {@code workloads} field and their labels.
 */
class WebstoreExampleTest {
  private static final String APP = "examples/webstore";
  private static final String FLOWS = "examples/webstore/flows.jsonl";

  @Test
  void theReportSaysWhatThePoliciesRestOn() {
    CliRun run = CliRun.of("generate", APP, "--flows", FLOWS);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err())
        .contains("netseg generate: 10 workloads, 10 with a policy, 10 policies")
        .contains("required flows: 37 (manifest 11, exposure 4, observed 3, platform 20)")
        .contains("exposure read from: 1 Gateway, 1 HTTPRoute, 1 GRPCRoute")
        .contains(
            "coverage: 8 of 8 Services have a known client; 10 flows only from manifests, 1 also"
                + " observed, 2 only observed")
        .contains("flow records: 4 accepted, 2 skipped, 0 rejected, 0 unresolved")
        .contains(
            "  DROPPED webstore/frontend[Deployment] -> webstore/postgres[StatefulSet] TCP/5432")
        .doesNotContain("warning")
        .doesNotContain("findings:");
  }

  @Test
  void everyShapeGivesTheFlowItShould() {
    CliRun run = CliRun.of("generate", APP, "--flows", FLOWS, "-o", "json");
    assertThat(run.exitCode()).isZero();
    String flows = run.out();
    // $(OTEL_COLLECTOR_NAME)
    assertThat(flows)
        .contains(
            "Deployment webstore/frontend env OTEL_EXPORTER_OTLP_ENDPOINT:"
                + " http://otel-collector:4317");
    // FLAGD_HOST with FLAGD_PORT: 8013 only of flagd's three ports
    assertThat(flows)
        .contains("Deployment webstore/frontend env FLAGD_HOST: flagd (port 8013 from FLAGD_PORT)")
        .doesNotContain("\"port\" : 8016")
        .doesNotContain("\"port\" : 4000");
    // credentials: masked in the URL, the password variable not read
    assertThat(flows).contains("ORDERS_DATABASE_URL: postgresql://***@postgres:5432");
    // Gateway API
    assertThat(flows)
        .contains(
            "exposure: HTTPRoute webstore/web rules[0].backendRefs[0] -> Service"
                + " frontend-proxy:8080 (via Gateway webstore/public)")
        .contains(
            "exposure: GRPCRoute webstore/partner-api rules[0].backendRefs[0] -> Service"
                + " checkout:5050 (via Gateway webstore/public)");
    // Hubble: by the workloads field, by labels
    assertThat(flows)
        .contains(
            "\"source\" : \"webstore/accounting[Deployment]\",\n"
                + "    \"destination\" : \"webstore/postgres[StatefulSet]\"")
        .contains(
            "\"source\" : \"webstore/fraud-detection[Deployment]\",\n"
                + "    \"destination\" : \"webstore/postgres[StatefulSet]\"");
  }

  @Test
  void noOutputHoldsACredentialAndThePoliciesPassVerify(@TempDir Path dir) throws Exception {
    Path policies = dir.resolve("policies");
    CliRun yaml = CliRun.of("generate", APP, "--flows", FLOWS);
    CliRun json = CliRun.of("generate", APP, "--flows", FLOWS, "-o", "json");
    CliRun files = CliRun.of("generate", APP, "--flows", FLOWS, "-o", policies.toString());
    CliRun verify =
        CliRun.of("verify", APP, "--flows", FLOWS, "--policies", policies.toString(), "--strict");
    CliRun connectivity = CliRun.of("connectivity", APP);
    assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
    StringBuilder all = new StringBuilder();
    for (CliRun r : new CliRun[] {yaml, json, files, verify, connectivity}) {
      all.append(r.out()).append(r.err());
    }
    try (Stream<Path> written = Files.list(policies)) {
      for (Path f : written.toList()) {
        all.append(Files.readString(f));
      }
    }
    assertThat(all.toString()).doesNotContain("example-only");
  }
}
