package dev.netseg.cli;

import static dev.netseg.testing.MapData.edge;
import static dev.netseg.testing.MapData.statuses;
import static dev.netseg.testing.MapData.workloadIds;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netseg.testing.MapOracle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code netseg map}: its edges and their statuses are those that {@code generate -o json}, {@code
 * connectivity -o json} and {@code verify -o json} give for the same input (worked out by {@link
 * MapOracle}, apart from the map's code), and bad input is one line with nothing written.
 */
class MapCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] SHOP = {
    "examples/shop",
    "--flows",
    "examples/shop/suspicious-flows.jsonl",
    "--segments",
    "examples/shop-segments.yaml"
  };

  @TempDir Path dir;

  @Test
  void theShopsMapHasTheEdgesAndStatusesOfGenerateAndConnectivity() throws Exception {
    Path policies = dir.resolve("policies");
    assertThat(run("generate", SHOP, "-o", policies.toString()).exitCode()).isZero();
    JsonNode generate = json(run("generate", SHOP, "-o", "json"));
    JsonNode connectivity =
        json(CliRun.of("connectivity", "examples/shop", policies.toString(), "-o", "json"));
    JsonNode map = json(run("map", SHOP, "--data"));

    JsonNode verify = json(run("verify", SHOP, "--policies", policies.toString(), "-o", "json"));
    Map<MapOracle.Pair, String> expected =
        MapOracle.statuses(generate, connectivity, verify, workloadIds(map));
    assertThat(edges(map)).isEqualTo(expected);
    // the guardrail's refusal, with the rule, as connectivity --explain words the policies
    JsonNode refused = edge(map, "shop/frontend[Deployment]", "data/postgres[StatefulSet]");
    assertThat(refused.get("status").asText()).isEqualTo("refused");
    assertThat(refused.get("observed").asBoolean()).isTrue();
    JsonNode port = refused.get("ports").get(0);
    assertThat(port.get("port").asText()).isEqualTo("5432");
    assertThat(port.get("explanation").asText())
        .contains("rules[5] deny web -> data")
        .contains("shop/frontend -> data/postgres TCP 5432: denied");
    assertThat(port.get("provenance").get(0).asText())
        .isEqualTo("observed: suspicious-flows.jsonl");
    // nodes: the ten workloads with their segments, cluster DNS, the payment provider's range,
    // and the outside world the LoadBalancer is reached from (IPv4 and IPv6 as one node)
    assertThat(map.get("summary").get("workloads").asInt())
        .isEqualTo(generate.get("report").get("workloads").asInt());
    assertThat(ids(map.get("nodes")))
        .contains("kube-system/kube-dns[Service]", "203.0.113.0-203.0.113.255[External]", "world");
    assertThat(node(map, "shop/frontend[Deployment]").get("segment").asText()).isEqualTo("web");
    assertThat(node(map, "shop/frontend[Deployment]").get("policies").get(0).get("yaml").asText())
        .contains("name: netseg-frontend");
    assertThat(map.get("groupBy").toString()).isEqualTo("[\"segment\",\"namespace\"]");
  }

  @Test
  void outagesAreVerifysBlockedFlowsAndHolesWhatTheyAllowBeyond() throws Exception {
    Path deny = dir.resolve("deny.yaml");
    Files.writeString(
        deny,
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny-ingress, namespace: data}
        spec: {podSelector: {}, policyTypes: [Ingress]}
        """);
    String[] input = {"examples/shop", "--flows", "examples/shop/flows.jsonl"};
    JsonNode verify = json(run("verify", input, "--policies", deny.toString(), "-o", "json"));
    JsonNode map = json(run("map", input, "--policies", deny.toString(), "--data"));

    Set<String> blocked = new HashSet<>();
    verify
        .get("blocked")
        .forEach(
            b ->
                blocked.add(
                    MapOracle.node(b.get("source").asText())
                        + " -> "
                        + MapOracle.node(b.get("destination").asText())
                        + " "
                        + b.get("protocol").asText()
                        + " "
                        + b.get("port").asInt()));
    Set<String> outages = new HashSet<>();
    for (JsonNode e : map.get("edges")) {
      for (JsonNode p : e.get("ports")) {
        if (p.get("status").asText().equals("outage")) {
          outages.add(
              e.get("source").asText()
                  + " -> "
                  + e.get("target").asText()
                  + " "
                  + p.get("protocol").asText()
                  + " "
                  + p.get("port").asText());
        }
      }
    }
    assertThat(blocked).isNotEmpty();
    assertThat(outages).isEqualTo(blocked);
    // without egress policies, everything else may open anything: shop/frontend to
    // shop/checkout needs TCP 5050 and may use every port besides
    JsonNode frontendToCheckout =
        edge(map, "shop/frontend[Deployment]", "shop/checkout[Deployment]");
    assertThat(frontendToCheckout.get("status").asText()).isEqualTo("hole");
    assertThat(statuses(frontendToCheckout))
        .containsEntry("TCP 5050", "required")
        .containsEntry("TCP 1-5049", "hole")
        .containsEntry("TCP 5051-65535", "hole")
        .containsEntry("UDP all", "hole");

    Path policies = dir.resolve("policies");
    Files.createDirectories(policies);
    Files.copy(deny, policies.resolve("deny.yaml"));
    JsonNode connectivity =
        json(CliRun.of("connectivity", "examples/shop", policies.toString(), "-o", "json"));
    JsonNode generate = json(run("generate", input, "-o", "json"));
    assertThat(edges(map))
        .isEqualTo(MapOracle.statuses(generate, connectivity, verify, workloadIds(map)));
  }

  @Test
  void thePageIsWrittenWholeToAFile() throws Exception {
    Path page = dir.resolve("map.html");
    CliRun run = run("map", SHOP, "-o", page.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("netseg map: wrote " + page + " (10 workloads, 13 nodes,");
    assertThat(Files.readString(page)).startsWith("<!").contains("shop/frontend[Deployment]");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("map.html");
    }
  }

  @Test
  void connectivityAsHtmlIsTheMapOfTheManifestsWithTheirOwnPolicies() throws Exception {
    CliRun page = CliRun.of("connectivity", "examples/netpol-basics", "-o", "html");
    assertThat(page.exitCode()).as(page.err()).isZero();
    JsonNode embedded = JSON.readTree(embeddedData(page.out()));
    JsonNode map =
        json(
            CliRun.of(
                "map",
                "examples/netpol-basics/app.yaml",
                "--policies",
                "examples/netpol-basics/policies.yaml",
                "--data"));
    assertThat(edges(embedded)).isEqualTo(edges(map)).isNotEmpty();
    assertThat(embedded.get("title").asText())
        .isEqualTo("netseg connectivity: examples/netpol-basics");
  }

  /** The JSON in the page's data block, as the page's script reads it. */
  private static String embeddedData(String html) {
    String open = "<script type=\"application/json\" id=\"netseg-data\">";
    int start = html.indexOf(open);
    assertThat(start).as("the page's data block").isNotNegative();
    int end = html.indexOf("</script>", start);
    return html.substring(start + open.length(), end).replace("<\\/", "</");
  }

  @Test
  void badInputIsOneLineAndWritesNothing() throws Exception {
    Path page = dir.resolve("missing-dir").resolve("map.html");
    CliRun noDir = run("map", SHOP, "-o", page.toString());
    assertThat(noDir.exitCode()).isEqualTo(2);
    assertThat(noDir.err()).contains("cannot write " + page).doesNotContain("\tat ");
    assertThat(page.getParent()).doesNotExist();

    Path bad = dir.resolve("bad.yaml");
    Files.writeString(
        bad,
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: bad, namespace: shop}
        spec: {podSelector: {}, ingress: [{ports: [{port: 70000}]}]}
        """);
    Path out = dir.resolve("map.html");
    CliRun invalid =
        CliRun.of("map", "examples/shop", "--policies", bad.toString(), "-o", out.toString());
    assertThat(invalid.exitCode()).isEqualTo(2);
    assertThat(invalid.err()).contains("shop/bad").doesNotContain("\tat ");
    assertThat(out).doesNotExist();
  }

  // --- helpers -------------------------------------------------------------------------------

  /** Runs one command with these arguments. */
  private static CliRun run(String command, String[] args, String... more) {
    return CliRun.of(concat(concat(new String[] {command}, args), more));
  }

  private static JsonNode json(CliRun run) throws Exception {
    assertThat(run.exitCode()).as(run.err()).isIn(0, 1);
    return JSON.readTree(run.out());
  }

  private static String[] concat(String[] a, String... b) {
    List<String> all = new ArrayList<>(List.of(a));
    all.addAll(List.of(b));
    return all.toArray(String[]::new);
  }

  private static Map<MapOracle.Pair, String> edges(JsonNode map) {
    Map<MapOracle.Pair, String> out = new TreeMap<>();
    for (JsonNode e : map.get("edges")) {
      out.put(
          new MapOracle.Pair(e.get("source").asText(), e.get("target").asText()),
          e.get("status").asText());
    }
    return out;
  }

  private static List<String> ids(JsonNode nodes) {
    List<String> out = new ArrayList<>();
    nodes.forEach(n -> out.add(n.get("id").asText()));
    return out;
  }

  private static JsonNode node(JsonNode map, String id) {
    for (JsonNode n : map.get("nodes")) {
      if (n.get("id").asText().equals(id)) {
        return n;
      }
    }
    throw new AssertionError("no node " + id);
  }
}
