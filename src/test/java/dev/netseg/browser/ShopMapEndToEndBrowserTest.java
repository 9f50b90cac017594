package dev.netseg.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netseg.cli.NetsegMain;
import dev.netseg.testing.MapOracle;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The page {@code netseg map} writes for examples/shop with the suspicious flows and the shop's
 * segments, opened in chromium: it draws exactly the nodes and edges, with their statuses, of the
 * JSON the same command writes with {@code --data}, and the storefront's refused call to the
 * database shows the segments rule that refuses it.
 *
 * <p>With {@code -Dnetseg.map.screenshot=docs/img/map-shop.png} it also saves the README's picture
 * there (docs/map.md).
 */
@HeadlessBrowser
class ShopMapEndToEndBrowserTest {
  private static final String[] SHOP = {
    "map",
    "examples/shop",
    "--flows",
    "examples/shop/suspicious-flows.jsonl",
    "--segments",
    "examples/shop-segments.yaml"
  };

  /** The same input, for generate. */
  private static final String[] GENERATE = {
    "generate",
    "examples/shop",
    "--flows",
    "examples/shop/suspicious-flows.jsonl",
    "--segments",
    "examples/shop-segments.yaml"
  };

  private static final String FRONTEND = "shop/frontend[Deployment]";
  private static final String POSTGRES = "data/postgres[StatefulSet]";

  private final BrowserFixture browser;

  @TempDir Path dir;

  ShopMapEndToEndBrowserTest(BrowserFixture browser) {
    this.browser = browser;
  }

  @AfterEach
  void noConsoleProblems() {
    assertThat(browser.consoleProblems()).as("console errors and warnings").isEmpty();
  }

  @Test
  void thePageOfNetsegMapShowsTheDataOfNetsegMapData() {
    Path html = dir.resolve("map.html");
    netseg(append(SHOP, "-o", html.toString()));
    JsonNode data = MapPages.read(netseg(append(SHOP, "--data")));

    MapView map = browser.open(html);

    assertThat(map.visibleNodes())
        .containsExactlyInAnyOrderElementsOf(MapPages.nodeIds(data, n -> true));
    assertThat(map.visibleEdges())
        .containsExactlyInAnyOrderElementsOf(MapPages.edgeIds(data, e -> true));
    for (JsonNode e : data.get("edges")) {
      WebElementStatus drawn = WebElementStatus.of(map, e.get("id").asText());
      assertThat(drawn)
          .as("edge %s", e.get("id"))
          .isEqualTo(
              new WebElementStatus(
                  e.get("source").asText(), e.get("target").asText(), e.get("status").asText()));
    }
    assertThat(map.all("#map g.group.segment")).isNotEmpty();

    // and what the page draws is what generate -o json and connectivity -o json say, pair by pair
    Path policies = dir.resolve("policies");
    netseg(append(GENERATE, "-o", policies.toString()));
    JsonNode generate = MapPages.read(netseg(append(GENERATE, "-o", "json")));
    JsonNode connectivity =
        MapPages.read(netseg("connectivity", "examples/shop", policies.toString(), "-o", "json"));
    Map<MapOracle.Pair, String> drawn = new TreeMap<>();
    for (JsonNode e : data.get("edges")) {
      WebElementStatus onPage = WebElementStatus.of(map, e.get("id").asText());
      drawn.put(new MapOracle.Pair(onPage.source(), onPage.target()), onPage.status());
    }
    assertThat(drawn)
        .isEqualTo(
            MapOracle.statuses(
                generate,
                connectivity,
                MapPages.read(
                    netsegExiting(
                        1,
                        append(
                            append(
                                new String[] {"verify"},
                                Arrays.copyOfRange(GENERATE, 1, GENERATE.length)),
                            "--policies",
                            policies.toString(),
                            "-o",
                            "json"))),
                Set.copyOf(
                    MapPages.nodeIds(data, n -> n.get("type").asText().equals("workload")))));

    JsonNode refused = edgeBetween(data, FRONTEND, POSTGRES);
    assertThat(refused.get("status").asText()).isEqualTo("refused");
    map.clickEdge(refused.get("id").asText());

    String details = map.details();
    assertThat(details).contains("refused").contains("rules[5] deny web -> data");
    assertThat(details).contains(refused.get("ports").get(0).get("explanation").asText());
    browser.screenshot("map-shop");
    String readme = System.getProperty("netseg.map.screenshot");
    if (readme != null && !readme.isBlank()) {
      browser.screenshotTo(Path.of(readme));
    }

    String self = html.toAbsolutePath().toUri().toString();
    assertThat(browser.requestedUrls())
        .allSatisfy(
            url ->
                assertThat(url.equals(self) || url.startsWith("data:") || url.startsWith("about:"))
                    .as(url)
                    .isTrue());
    assertThat(Files.exists(html)).isTrue();
  }

  /** What the page says of an edge: its hooks. */
  private record WebElementStatus(String source, String target, String status) {
    static WebElementStatus of(MapView map, String id) {
      var path = map.edge(id);
      return new WebElementStatus(
          path.getDomAttribute("data-source"),
          path.getDomAttribute("data-target"),
          path.getDomAttribute("data-status"));
    }
  }

  /** Runs netseg in this JVM; its standard output, or a failure with what it printed. */
  private static String netseg(String... args) {
    return netsegExiting(0, args);
  }

  /**
   * As {@link #netseg}, accepting exit code 0 or {@code alsoAccepted} (verify's 1: something is
   * blocked or refused).
   */
  private static String netsegExiting(int alsoAccepted, String... args) {
    CommandLine cmd = NetsegMain.newCommandLine(new ByteArrayInputStream(new byte[0]));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    assertThat(code)
        .as("netseg %s exit code; stderr:%n%s", List.of(args), err)
        .isIn(0, alsoAccepted);
    return out.toString();
  }

  private static String[] append(String[] first, String... more) {
    String[] all = new String[first.length + more.length];
    System.arraycopy(first, 0, all, 0, first.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }

  private static JsonNode edgeBetween(JsonNode data, String source, String target) {
    for (JsonNode e : data.get("edges")) {
      if (e.get("source").asText().equals(source) && e.get("target").asText().equals(target)) {
        return e;
      }
    }
    throw new AssertionError("no edge " + source + " -> " + target + " in the map's data");
  }
}
