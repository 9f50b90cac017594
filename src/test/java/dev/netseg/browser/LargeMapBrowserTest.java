package dev.netseg.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/**
 * The map page at sizes people have: 200 workloads drawn open, 2,000 drawn with every namespace
 * collapsed into one node (connections between them aggregated, with a count), and a namespace
 * opened by a click. Render times are printed, not asserted tightly (the machine is shared);
 * docs/performance.md has the figures of MapRenderHarness.
 */
@HeadlessBrowser
class LargeMapBrowserTest {
  private final BrowserFixture browser;

  LargeMapBrowserTest(BrowserFixture browser) {
    this.browser = browser;
  }

  @AfterEach
  void noConsoleProblems() {
    assertThat(browser.consoleProblems()).as("console errors and warnings").isEmpty();
  }

  @Test
  void twoHundredWorkloadsAreDrawnOpen() {
    String json = SyntheticMap.of(200);
    JsonNode doc = MapPages.read(json);

    MapView map = browser.open(MapPages.write("synthetic-200", json));
    System.out.printf("map of 200 workloads: %s ms%n", map.timings());

    assertThat(map.visibleNodes()).hasSize(doc.get("nodes").size());
    assertThat(map.visibleEdges()).hasSize(doc.get("edges").size());
    assertThat(map.all("#map g.group-node")).isEmpty();
    browser.screenshot("synthetic-200");

    for (String status : List.of("required", "unverified")) {
      map.showStatus(status, false);
    }
    assertThat(map.visibleEdges())
        .containsExactlyInAnyOrderElementsOf(
            MapPages.edgeIds(
                doc, e -> !List.of("required", "unverified").contains(e.get("status").asText())));
    browser.screenshot("synthetic-200-problems-only");
  }

  @Test
  void twoThousandWorkloadsStartWithEveryNamespaceCollapsed() {
    int workloads = 2000;
    String json = SyntheticMap.of(workloads);
    JsonNode doc = MapPages.read(json);

    long start = System.nanoTime();
    MapView map = browser.open(MapPages.write("synthetic-2000", json));
    long wallMillis = (System.nanoTime() - start) / 1_000_000;
    System.out.printf(
        "map of 2,000 workloads: %s ms in the page, %d ms from driver.get%n",
        map.timings(), wallMillis);
    assertThat(map.renderMillis()).as("time to first render, ms").isLessThan(60_000);

    List<String> namespaces =
        IntStream.range(0, SyntheticMap.namespaces(workloads))
            .mapToObj(i -> "group:" + SyntheticMap.namespace(i))
            .toList();
    List<String> peers = MapPages.nodeIds(doc, n -> !"workload".equals(n.get("type").asText()));
    List<String> expected = new ArrayList<>(namespaces);
    expected.addAll(peers);
    assertThat(map.visibleNodes()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(map.all("#map g.node.workload")).isEmpty();

    // Every connection between two namespaces (or a namespace and a peer) is in one aggregate.
    int aggregated =
        map.all("#map path.edge.aggregate").stream()
            .mapToInt(p -> Integer.parseInt(p.getDomAttribute("data-count")))
            .sum();
    int crossing =
        MapPages.edgeIds(doc, e -> !namespace(e.get("source")).equals(namespace(e.get("target"))))
            .size();
    assertThat(aggregated).isEqualTo(crossing);
    browser.screenshot("synthetic-2000-collapsed");

    String team7 = "group:" + SyntheticMap.namespace(7);
    map.clickOn(map.node(team7));

    List<String> team7Workloads =
        MapPages.nodeIds(doc, n -> SyntheticMap.namespace(7).equals(n.path("namespace").asText()));
    assertThat(map.visibleNodes())
        .containsAll(team7Workloads)
        .doesNotContain(team7)
        .hasSize(expected.size() - 1 + team7Workloads.size());
    assertThat(map.details()).contains(SyntheticMap.namespace(7)).contains("20 workloads");
    browser.screenshot("synthetic-2000-one-open");
  }

  @Test
  void searchOpensTheNamespaceOfTheMatchAndClosesItAfter() {
    String json = SyntheticMap.of(2000);
    MapView map = browser.open(MapPages.write("synthetic-2000", json));
    String wanted = SyntheticMap.workloadId(1234);

    map.search(wanted);

    WebElement node = map.node(wanted);
    assertThat(node.getDomAttribute("class")).contains("match");
    assertThat(map.all("#map g.node.workload")).hasSize(SyntheticMap.PER_NAMESPACE);

    map.search("");
    assertThat(map.all("#map g.node.workload")).as("closed again after the search").isEmpty();
  }

  private static String namespace(JsonNode id) {
    String s = id.asText();
    int slash = s.indexOf('/');
    return slash < 0 || s.endsWith("[Service]") ? s : s.substring(0, slash);
  }
}
