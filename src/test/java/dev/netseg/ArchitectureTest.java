package dev.netseg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.cli.NetsegMain;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package layering of docs/architecture.md, checked on the compiled classes ({@link
 * PackageGraph}): each package uses only packages of lower layers, and no group of packages uses
 * each other in a circle.
 *
 * <pre>
 * policy &lt;- manifest &lt;- workload &lt;- model, connectivity &lt;- flows, infer, verify &lt;- synth
 *        &lt;- segment &lt;- operator, map &lt;- cli
 * </pre>
 *
 * A package's subpackages belong to its layer ({@code flows.relay} is {@code flows}); inside {@code
 * operator}, the root package wires its subpackages together and they never use it.
 */
class ArchitectureTest {
  /** Layer of each top-level package under dev.netseg, lowest first. */
  private static final Map<String, Integer> LAYERS =
      Map.ofEntries(
          Map.entry("policy", 0),
          Map.entry("time", 0),
          Map.entry("manifest", 1),
          Map.entry("workload", 2),
          Map.entry("model", 3),
          Map.entry("connectivity", 3),
          Map.entry("flows", 4),
          Map.entry("infer", 4),
          Map.entry("verify", 4),
          Map.entry("synth", 5),
          Map.entry("segment", 6),
          Map.entry("map", 7),
          Map.entry("operator", 7),
          Map.entry("cli", 8));

  private static final String OPERATOR = "dev.netseg.operator";

  private static PackageGraph graph;

  @BeforeAll
  static void readClasses() throws URISyntaxException {
    Path classes =
        Path.of(NetsegMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    graph = PackageGraph.of(classes);
  }

  @Test
  void everyPackageBelongsToALayer() {
    assertThat(graph.packages())
        .as("packages of the main classes")
        .hasSizeGreaterThan(LAYERS.size())
        .allSatisfy(pkg -> assertThat(layer(pkg)).as("layer of %s", pkg).isPresent());
  }

  @Test
  void packagesUseOnlyLowerLayers() {
    List<String> upwards = new ArrayList<>();
    for (String from : graph.packages()) {
      for (String to : graph.uses(from)) {
        if (!top(from).equals(top(to)) && layer(to).orElseThrow() >= layer(from).orElseThrow()) {
          upwards.add(graph.describe(from, to));
        }
      }
    }
    assertThat(upwards).as("uses of a package in the same or a higher layer").isEmpty();
  }

  @Test
  void operatorSubpackagesNeverUseTheOperatorPackage() {
    List<String> back = new ArrayList<>();
    for (String from : graph.packages()) {
      if (from.startsWith(OPERATOR + ".") && graph.uses(from).contains(OPERATOR)) {
        back.add(graph.describe(from, OPERATOR));
      }
    }
    assertThat(back).as("arrows from an operator subpackage back to %s", OPERATOR).isEmpty();
  }

  @Test
  void noPackagesUseEachOtherInACircle() {
    assertThat(graph.cycles()).as("groups of packages that use each other").isEmpty();
  }

  /** "dev.netseg.flows.relay.proto" is in "flows". */
  private static String top(String pkg) {
    String rest = pkg.substring("dev.netseg.".length());
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }

  private static Optional<Integer> layer(String pkg) {
    return pkg.startsWith("dev.netseg.")
        ? Optional.ofNullable(LAYERS.get(top(pkg)))
        : Optional.empty();
  }
}
