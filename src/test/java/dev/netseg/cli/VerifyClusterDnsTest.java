package dev.netseg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * The cluster DNS is seldom in the manifests, yet every workload needs it: a policy set that cuts a
 * workload off from it is the commonest outage NetworkPolicies cause. verify and the map judge
 * those flows against a stand-in for the DNS pods (the labels and namespace netseg's own policies
 * name), instead of leaving them out.
 *
 * <p>In examples/netpol-basics, the database's policy isolates its egress with no rule: it cannot
 * resolve names. The frontend's policy allows DNS to any namespace's k8s-app=kube-dns pods; the
 * API's egress is not isolated.
 */
class VerifyClusterDnsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aPolicyThatCutsAWorkloadOffFromTheClusterDnsIsAnOutage() throws Exception {
    CliRun run =
        CliRun.of(
            "verify",
            "examples/netpol-basics/app.yaml",
            "--policies",
            "examples/netpol-basics/policies.yaml",
            "-o",
            "json");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    JsonNode blocked = JSON.readTree(run.out()).get("blocked");
    assertThat(blocked).hasSize(2);
    for (JsonNode b : blocked) {
      assertThat(b.get("source").asText()).isEqualTo("backend/db[StatefulSet]");
      assertThat(b.get("destination").asText()).isEqualTo("kube-system/kube-dns[Service]");
      assertThat(b.get("port").asInt()).isEqualTo(53);
      assertThat(b.get("reason").asText())
          .contains("egress of backend/db")
          .contains("isolated by backend/db");
    }
  }

  @Test
  void theMapShowsItAsAnOutageAndTheOthersAsAllowed() throws Exception {
    CliRun run =
        CliRun.of(
            "map",
            "examples/netpol-basics/app.yaml",
            "--policies",
            "examples/netpol-basics/policies.yaml",
            "--data");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode map = JSON.readTree(run.out());
    int checked = 0;
    for (JsonNode e : map.get("edges")) {
      if (e.get("target").asText().equals("kube-system/kube-dns[Service]")) {
        String expected =
            e.get("source").asText().equals("backend/db[StatefulSet]") ? "outage" : "required";
        assertThat(e.get("status").asText()).as(e.get("source").asText()).isEqualTo(expected);
        checked++;
      }
    }
    assertThat(checked).isEqualTo(3);
  }

  @Test
  void withTheGeneratedPoliciesEveryDnsFlowIsCheckedAndAllowed() throws Exception {
    CliRun run = CliRun.of("map", "examples/shop", "--data");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode map = JSON.readTree(run.out());
    int dns = 0;
    for (JsonNode e : map.get("edges")) {
      assertThat(e.get("status").asText()).as(e.get("id").asText()).isEqualTo("required");
      if (e.get("target").asText().equals("kube-system/kube-dns[Service]")) {
        dns++;
        assertThat(e.get("ports").get(0).get("explanation").asText())
            .contains(" -> kube-system/kube-dns TCP 53: allowed");
      }
    }
    assertThat(dns).isEqualTo(10);
  }
}
