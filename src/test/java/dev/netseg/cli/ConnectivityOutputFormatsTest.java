package dev.netseg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.netseg.connectivity.DotSyntax;
import dev.netseg.connectivity.MarkdownCells;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code connectivity -o csv|md|dot} say what the text lines say: the same pairs with the same
 * connections, in the bundled example and for names that need escaping.
 */
class ConnectivityOutputFormatsTest {
  private static final String EXAMPLE = "examples/netpol-basics";

  /** A text line {@code SRC => DST : CONN} as [src, dst, conn]. */
  private static List<String> pair(String line) {
    int arrow = line.indexOf(" => ");
    int colon = line.lastIndexOf(" : ");
    return List.of(
        line.substring(0, arrow), line.substring(arrow + 4, colon), line.substring(colon + 3));
  }

  private static List<List<String>> textPairs(String... extra) {
    String[] args =
        Stream.concat(Stream.of("connectivity", EXAMPLE), Arrays.stream(extra))
            .toArray(String[]::new);
    CliRun text = CliRun.of(args);
    assertThat(text.exitCode()).isZero();
    return text.out()
        .lines()
        .filter(l -> !l.startsWith(" "))
        .map(ConnectivityOutputFormatsTest::pair)
        .toList();
  }

  private static CliRun run(String... args) {
    CliRun run = CliRun.of(args);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    return run;
  }

  private static List<List<String>> readCsv(String csv) throws Exception {
    List<List<String>> rows = new ArrayList<>();
    try (MappingIterator<List<String>> it =
        new CsvMapper()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .readerForListOf(String.class)
            .readValues(csv)) {
      it.forEachRemaining(rows::add);
    }
    return rows;
  }

  @Test
  void csvRowsAreTheTextLines() throws Exception {
    List<List<String>> rows = readCsv(run("connectivity", EXAMPLE, "-o", "csv").out());
    assertThat(rows.get(0)).containsExactly("src", "dst", "conn");
    assertThat(rows.subList(1, rows.size())).containsExactlyElementsOf(textPairs());
  }

  /**
   * The pairs of {@code text --explain} (a pair line, then its reasons indented by four spaces) as
   * [src, dst, conn, the reasons joined by {@code separator}].
   */
  private static List<List<String>> explainedPairs(String separator) {
    List<List<String>> out = new ArrayList<>();
    List<List<String>> reasons = new ArrayList<>();
    for (String line : run("connectivity", EXAMPLE, "--explain").out().lines().toList()) {
      if (line.startsWith("    ")) {
        reasons.get(reasons.size() - 1).add(line.substring(4));
      } else {
        out.add(pair(line));
        reasons.add(new ArrayList<>());
      }
    }
    List<List<String>> joined = new ArrayList<>();
    for (int i = 0; i < out.size(); i++) {
      assertThat(reasons.get(i)).isNotEmpty();
      List<String> row = new ArrayList<>(out.get(i));
      row.add(String.join(separator, reasons.get(i)));
      joined.add(row);
    }
    assertThat(joined).anySatisfy(r -> assertThat(r.get(2)).isEqualTo("No Connections"));
    return joined;
  }

  @Test
  void csvWithExplainHasTheReasonsOfTextExplainInAFourthColumn() throws Exception {
    List<List<String>> rows = readCsv(run("connectivity", EXAMPLE, "--explain", "-o", "csv").out());
    assertThat(rows.get(0)).containsExactly("src", "dst", "conn", "explanation");
    assertThat(rows.subList(1, rows.size())).containsExactlyElementsOf(explainedPairs("; "));
  }

  @Test
  void markdownHasOneRowPerTextLine() {
    List<String> md = run("connectivity", EXAMPLE, "-o", "md").out().lines().toList();
    assertThat(md.subList(0, 2)).containsExactly("| src | dst | conn |", "| --- | --- | --- |");
    assertThat(md.subList(2, md.size()).stream().map(MarkdownCells::of))
        .containsExactlyElementsOf(textPairs());
  }

  @Test
  void markdownWithExplainHasTheReasonsOfTextExplainInAFourthColumn() {
    List<String> md = run("connectivity", EXAMPLE, "--explain", "-o", "md").out().lines().toList();
    assertThat(md.subList(0, 2))
        .containsExactly("| src | dst | conn | explanation |", "| --- | --- | --- | --- |");
    assertThat(md.subList(2, md.size()).stream().map(MarkdownCells::of))
        .containsExactlyElementsOf(explainedPairs("<br>"));
  }

  @Test
  void dotHasOneEdgePerLineAndOneClusterPerNamespace() {
    DotSyntax.Graph g = DotSyntax.parse(run("connectivity", EXAMPLE, "-o", "dot").out());
    List<List<String>> pairs = textPairs();

    assertThat(g.edges()).hasSize(pairs.size());
    assertThat(g.edges().stream().map(e -> List.of(e.from(), e.to(), e.attributes().get("label"))))
        .containsExactlyInAnyOrderElementsOf(pairs);
    Map<String, DotSyntax.Node> nodes = g.nodes();
    assertThat(g.edges()).allSatisfy(e -> assertThat(nodes).containsKeys(e.from(), e.to()));

    assertThat(g.clusters()).containsOnlyKeys("cluster_backend", "cluster_web");
    assertThat(g.clusters().get("cluster_backend").attributes()).containsEntry("label", "backend");
    assertThat(g.clusters().get("cluster_backend").nodes())
        .containsExactly("backend/api[Deployment]", "backend/db[StatefulSet]");
    assertThat(g.clusters().get("cluster_web").nodes()).containsExactly("web/frontend[Deployment]");
    assertThat(nodes.get("backend/db[StatefulSet]").attributes())
        .containsEntry("label", "db[StatefulSet]");

    assertThat(nodes.values().stream().filter(n -> n.cluster() == null))
        .extracting(DotSyntax.Node::id)
        .containsExactlyInAnyOrder(
            "0.0.0.0-255.255.255.255[External]",
            "::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External]");
    assertThat(nodes.values().stream().filter(n -> n.cluster() == null))
        .allSatisfy(n -> assertThat(n.attributes()).containsEntry("shape", "box"));
    assertThat(nodes.values().stream().filter(n -> n.cluster() != null))
        .allSatisfy(n -> assertThat(n.attributes()).doesNotContainKey("shape"));
  }

  /** The example's documents in reverse order, in one file. */
  private static Path reversed(Path dir) throws Exception {
    List<String> docs = new ArrayList<>();
    for (String f : List.of("app.yaml", "policies.yaml")) {
      docs.addAll(Arrays.asList(Files.readString(Path.of(EXAMPLE, f)).split("(?m)^---\\s*$")));
    }
    Collections.reverse(docs);
    return Files.writeString(dir.resolve("reversed.yaml"), String.join("\n---\n", docs));
  }

  @ParameterizedTest
  @ValueSource(strings = {"text", "json", "csv", "md", "dot"})
  void theSameManifestsInAnotherOrderGiveTheSameBytes(String format, @TempDir Path dir)
      throws Exception {
    String first = run("connectivity", EXAMPLE, "--explain", "-o", format).out();
    String again = run("connectivity", reversed(dir).toString(), "--explain", "-o", format).out();
    assertThat(again).isEqualTo(first).isNotEmpty();
  }

  private static final String ODD =
      """
      apiVersion: v1
      kind: Namespace
      metadata: {name: odd}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: 'we"ird|na,me\\x', namespace: odd}
      spec:
        selector: {matchLabels: {app: w}}
        template:
          metadata: {labels: {app: w}}
          spec: {containers: [{name: c, image: i, ports: [{containerPort: 80}]}]}
      ---
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: p, namespace: odd}
      spec:
        podSelector: {}
        policyTypes: [Ingress, Egress]
        ingress: [{ports: [{port: 80}, {port: 53, protocol: UDP}]}]
        egress: [{to: [{ipBlock: {cidr: 10.0.0.0/24}}]}]
      """;

  private static final String NAME = "odd/we\"ird|na,me\\x[Deployment]";

  @Test
  void oddNamesAndConnectionsWithCommasSurviveEveryFormat(@TempDir Path dir) throws Exception {
    String path = Files.writeString(dir.resolve("odd.yaml"), ODD).toString();
    List<List<String>> pairs =
        run("connectivity", path).out().lines().map(ConnectivityOutputFormatsTest::pair).toList();
    assertThat(pairs)
        .contains(
            List.of("0.0.0.0-255.255.255.255[External]", NAME, "TCP 80,UDP 53"),
            List.of(NAME, "10.0.0.0-10.0.0.255[External]", "All Connections"));

    String csv = run("connectivity", path, "-o", "csv").out();
    assertThat(csv)
        .contains("\"odd/we\"\"ird|na,me\\x[Deployment]\"")
        .contains("\"TCP 80,UDP 53\"");
    List<List<String>> rows = readCsv(csv);
    assertThat(rows.subList(1, rows.size())).containsExactlyElementsOf(pairs);

    List<String> md = run("connectivity", path, "-o", "md").out().lines().toList();
    assertThat(md.get(2)).contains("odd/we\"ird\\|na,me\\\\x[Deployment]");
    assertThat(md.subList(2, md.size()).stream().map(MarkdownCells::of))
        .containsExactlyElementsOf(pairs);

    String dot = run("connectivity", path, "-o", "dot").out();
    DotSyntax.Graph g = DotSyntax.parse(dot);
    assertThat(g.clusters()).containsOnlyKeys("cluster_odd");
    DotSyntax.Node odd = g.nodes().get(g.clusters().get("cluster_odd").nodes().get(0));
    assertThat(DotSyntax.labelText(odd.attributes().get("label")))
        .isEqualTo("we\"ird|na,me\\x[Deployment]");
    assertThat(g.edges())
        .hasSize(pairs.size())
        .allSatisfy(e -> assertThat(g.nodes()).containsKeys(e.from(), e.to()));
    assertThat(g.edges().stream().map(e -> e.attributes().get("label")))
        .containsExactlyElementsOf(pairs.stream().map(p -> p.get(2)).toList());
  }

  @Test
  void yamlIsRefusedWithTheFormatsThatExist() {
    CliRun run = CliRun.of("connectivity", EXAMPLE, "-o", "yaml");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo(
            "error: -o yaml is not supported by connectivity; use text, json, csv, md, dot or html\n");
  }

  @Test
  void helpListsEveryFormat() {
    assertThat(run("connectivity", "--help").out())
        .contains("Output format: text, json, csv, md, dot, or html");
  }

  static Stream<Arguments> otherCommands() {
    List<Arguments> out = new ArrayList<>();
    for (String format : List.of("dot", "md", "csv")) {
      out.add(Arguments.of(List.of("segments", EXAMPLE, "-o", format)));
      out.add(Arguments.of(List.of("verify", EXAMPLE, "--policies", EXAMPLE, "-o", format)));
      out.add(Arguments.of(List.of("diff", EXAMPLE, EXAMPLE, EXAMPLE, "-o", format)));
      out.add(Arguments.of(List.of("proposal", "-o", format)));
    }
    return out.stream();
  }

  /** Only connectivity draws graphs and tables; the other commands say so in one line. */
  @ParameterizedTest
  @MethodSource("otherCommands")
  void otherCommandsRefuseTheConnectivityFormats(List<String> args) {
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err())
        .startsWith("error: ")
        .contains("--output")
        .contains(args.get(args.size() - 1));
  }
}
