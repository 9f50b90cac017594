package dev.netseg.connectivity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The checker the DOT tests rely on must itself reject what Graphviz would. */
class DotSyntaxTest {

  @Test
  void readsClustersNodesEdgesAndEscapedQuotes() {
    DotSyntax.Graph g =
        DotSyntax.parse(
            """
            digraph g {
              subgraph "cluster_a" {
                label="a"
                "a/x" [label="x \\"q\\" \\\\ y"]
              }
              "b" [shape=box]
              "a/x" -> "b" [label="TCP 80"]
            }
            """);
    assertThat(g.clusters()).containsOnlyKeys("cluster_a");
    assertThat(g.clusters().get("cluster_a").attributes()).containsEntry("label", "a");
    assertThat(g.clusters().get("cluster_a").nodes()).containsExactly("a/x");
    assertThat(g.nodes().get("a/x").cluster()).isEqualTo("cluster_a");
    assertThat(DotSyntax.labelText(g.nodes().get("a/x").attributes().get("label")))
        .isEqualTo("x \"q\" \\ y");
    assertThat(g.nodes().get("b").cluster()).isNull();
    assertThat(g.edges())
        .containsExactly(new DotSyntax.Edge("a/x", "b", java.util.Map.of("label", "TCP 80")));
  }

  @Test
  void aBackslashPairBeforeTheClosingQuoteIsOneBackslashInTheLabel() {
    DotSyntax.Graph g = DotSyntax.parse("digraph { \"a\\\\\" [label=\"x\\\\\"] }");
    assertThat(g.nodes()).containsOnlyKeys("a\\\\");
    assertThat(DotSyntax.labelText(g.nodes().get("a\\\\").attributes().get("label")))
        .isEqualTo("x\\");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "digraph { \"a\" [label=\"x\"] ", // unbalanced brace
        "digraph { \"a\" [label=\"x\" }", // unbalanced bracket
        "digraph { \"a\"b\" }", // unescaped quote splits an ID
        "digraph { \"a [label=x] }", // unterminated string
        "digraph { \"a\nb\" }", // raw line break in a string
        "digraph { \"a\" } }", // text after the graph
        "digraph { \"a\" -> }", // edge without its head
        "digraph { \"a\" \"a\" }", // node declared twice
        "graph { \"a\" }" // not a digraph
      })
  void rejectsMalformedText(String text) {
    assertThatThrownBy(() -> DotSyntax.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
