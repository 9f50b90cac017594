package dev.netseg.connectivity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.netseg.policy.ConnectionSet;
import dev.netseg.policy.Protocol;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The csv, Markdown and DOT renderings of connectivity lines, on lines with ends that need
 * escaping: a workload name with a quote, a pipe, a comma and a backslash (the manifest loader does
 * not check names), connections with a comma, reasons with quotes, pipes and angle brackets.
 */
class ConnectivityReportsTest {
  private static final String ODD = "odd/we\"ird|na,me\\x[Deployment]";
  private static final String RANGE = "10.0.0.0-10.0.0.255[External]";
  private static final String V6 = "::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External]";
  private static final ConnectionSet TCP80_UDP53 =
      ConnectionSet.of(Protocol.TCP, 80, 80).union(ConnectionSet.of(Protocol.UDP, 53, 53));

  private static final List<ConnectivityLine> LINES =
      List.of(
          new ConnectivityLine(V6, ODD, ConnectionSet.all(), List.of("r1")),
          new ConnectivityLine(
              ODD, RANGE, TCP80_UDP53, List.of("a \"quoted\" reason", "b | <c> & d")),
          new ConnectivityLine(
              ODD, "other/c[StatefulSet]", ConnectionSet.none(), List.of("denied")),
          new ConnectivityLine(
              "other/c[StatefulSet]", "odd/a[b][CronJob]", ConnectionSet.all(), List.of("r4")));

  // --- csv

  private static List<List<String>> readCsv(String csv) throws Exception {
    CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
    List<List<String>> rows = new ArrayList<>();
    try (MappingIterator<List<String>> it = mapper.readerForListOf(String.class).readValues(csv)) {
      it.forEachRemaining(rows::add);
    }
    return rows;
  }

  @Test
  void csvQuotesOnlyTheFieldsThatNeedItAndReadsBackToTheLines() throws Exception {
    String csv = new ConnectivityCsv(false).render(LINES);
    assertThat(csv.lines().findFirst()).hasValue("src,dst,conn");
    assertThat(csv)
        .contains("\"odd/we\"\"ird|na,me\\x[Deployment]\"," + RANGE + ",\"TCP 80,UDP 53\"\n")
        .contains("other/c[StatefulSet],odd/a[b][CronJob],All Connections\n");
    List<List<String>> rows = readCsv(csv);
    assertThat(rows.get(0)).containsExactly("src", "dst", "conn");
    assertThat(rows.subList(1, rows.size()))
        .containsExactlyElementsOf(
            LINES.stream()
                .map(l -> List.of(l.source(), l.destination(), l.connectionsText()))
                .toList());
  }

  @Test
  void csvWithExplainAddsTheReasonsJoinedBySemicolons() throws Exception {
    List<List<String>> rows = readCsv(new ConnectivityCsv(true).render(LINES));
    assertThat(rows.get(0)).containsExactly("src", "dst", "conn", "explanation");
    assertThat(rows.get(2))
        .containsExactly(ODD, RANGE, "TCP 80,UDP 53", "a \"quoted\" reason; b | <c> & d");
    assertThat(rows.get(3))
        .containsExactly(ODD, "other/c[StatefulSet]", "No Connections", "denied");
  }

  // --- Markdown

  @Test
  void markdownIsATableWithOneRowPerLineAndPipesEscaped() {
    List<String> md = new ConnectivityMarkdown(false).render(LINES).lines().toList();
    assertThat(md.subList(0, 2)).containsExactly("| src | dst | conn |", "| --- | --- | --- |");
    assertThat(md).hasSize(2 + LINES.size());
    assertThat(md.get(3))
        .isEqualTo("| odd/we\"ird\\|na,me\\\\x[Deployment] | " + RANGE + " | TCP 80,UDP 53 |");
    for (int i = 0; i < LINES.size(); i++) {
      ConnectivityLine l = LINES.get(i);
      assertThat(MarkdownCells.of(md.get(2 + i)))
          .containsExactly(l.source(), l.destination(), l.connectionsText());
    }
  }

  @Test
  void markdownWithExplainHasTheReasonsOnePerLineInTheirCell() {
    List<String> md = new ConnectivityMarkdown(true).render(LINES).lines().toList();
    assertThat(md.subList(0, 2))
        .containsExactly("| src | dst | conn | explanation |", "| --- | --- | --- | --- |");
    assertThat(md).hasSize(2 + LINES.size());
    // "<" and "&" as entities, so that a reason is never read as HTML; "<br>" between reasons.
    assertThat(MarkdownCells.of(md.get(3)))
        .containsExactly(ODD, RANGE, "TCP 80,UDP 53", "a \"quoted\" reason<br>b | &lt;c> &amp; d");
  }

  // --- DOT

  @Test
  void dotHasAClusterPerNamespaceANodePerEndAndAnEdgePerLine() {
    DotSyntax.Graph g = DotSyntax.parse(new ConnectivityDot(false).render(LINES));

    assertThat(g.clusters()).containsOnlyKeys("cluster_odd", "cluster_other");
    assertThat(g.clusters().get("cluster_odd").attributes()).containsEntry("label", "odd");
    assertThat(g.clusters().get("cluster_other").attributes()).containsEntry("label", "other");
    Map<String, DotSyntax.Node> nodes = g.nodes();
    assertThat(nodes).hasSize(5);
    for (DotSyntax.Edge e : g.edges()) {
      assertThat(nodes).containsKeys(e.from(), e.to());
    }
    // Labels read back to the workload's name and kind, escapes undone.
    assertThat(
            nodes.values().stream()
                .filter(n -> n.cluster() != null)
                .map(n -> n.cluster() + " " + DotSyntax.labelText(n.attributes().get("label"))))
        .containsExactly(
            "cluster_odd a[b][CronJob]",
            "cluster_odd we\"ird|na,me\\x[Deployment]",
            "cluster_other c[StatefulSet]");
    assertThat(nodes.values().stream().filter(n -> n.cluster() == null))
        .allSatisfy(n -> assertThat(n.attributes()).containsEntry("shape", "box"))
        .extracting(n -> n.attributes().get("label"))
        .containsExactlyInAnyOrder(
            "10.0.0.0-10.0.0.255", "::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");

    assertThat(g.edges()).hasSize(LINES.size());
    assertThat(
            g.edges().stream()
                .map(
                    e ->
                        DotSyntax.labelText(nodes.get(e.from()).attributes().get("label"))
                            + " -> "
                            + DotSyntax.labelText(nodes.get(e.to()).attributes().get("label"))
                            + " : "
                            + e.attributes().get("label")))
        .containsExactlyInAnyOrder(
            "::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff -> we\"ird|na,me\\x[Deployment] : All Connections",
            "we\"ird|na,me\\x[Deployment] -> 10.0.0.0-10.0.0.255 : TCP 80,UDP 53",
            "we\"ird|na,me\\x[Deployment] -> c[StatefulSet] : No Connections",
            "c[StatefulSet] -> a[b][CronJob] : All Connections");
  }

  @Test
  void dotIsTheSameBytesWhateverTheOrderOfTheLines() {
    String dot = new ConnectivityDot(false).render(LINES);
    Random random = new Random(7);
    for (int i = 0; i < 20; i++) {
      List<ConnectivityLine> shuffled = new ArrayList<>(LINES);
      Collections.shuffle(shuffled, random);
      assertThat(new ConnectivityDot(false).render(shuffled)).isEqualTo(dot);
    }
  }

  @Test
  void dotWithExplainHasTheReasonsAsTooltipsAndDeniedPairsDashed() {
    DotSyntax.Graph g = DotSyntax.parse(new ConnectivityDot(true).render(LINES));
    assertThat(g.edges()).hasSize(LINES.size());
    DotSyntax.Edge toRange =
        g.edges().stream().filter(e -> e.to().equals(RANGE)).findFirst().orElseThrow();
    assertThat(DotSyntax.labelText(toRange.attributes().get("tooltip")))
        .isEqualTo("a \"quoted\" reason\nb | <c> & d");
    assertThat(toRange.attributes()).doesNotContainKey("style");
    assertThat(g.edges())
        .filteredOn(e -> "No Connections".equals(e.attributes().get("label")))
        .singleElement()
        .satisfies(e -> assertThat(e.attributes()).containsEntry("style", "dashed"));
  }

  @Test
  void dotKeepsANamespaceThatEndsInABackslashInsideItsQuotes() {
    DotSyntax.Graph g =
        DotSyntax.parse(
            new ConnectivityDot(false)
                .render(
                    List.of(
                        new ConnectivityLine(
                            "ns\\/a[Pod]", "other/b[Pod]", ConnectionSet.all(), List.of()))));
    assertThat(g.clusters()).hasSize(2);
    assertThat(g.clusters().values())
        .extracting(c -> DotSyntax.labelText(c.attributes().get("label")))
        .containsExactly("ns\\", "other");
  }

  @Test
  void dotWithoutExplainHasNoTooltips() {
    String dot = new ConnectivityDot(false).render(LINES);
    assertThat(dot).startsWith("digraph ").doesNotContain("tooltip");
  }
}
