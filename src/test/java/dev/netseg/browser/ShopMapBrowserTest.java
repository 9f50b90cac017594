package dev.netseg.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The map page on the map fixture of examples/shop (13 nodes, 28 edges, every status), in a real
 * headless chromium: what is drawn, what a click shows, what the filters and the search do, and
 * that the page logs no problem and requests nothing.
 */
@HeadlessBrowser
class ShopMapBrowserTest {
  private static final String REFUSED_EDGE = "e14";
  private static final String FRONTEND = "shop/frontend[Deployment]";
  private static final String POSTGRES = "data/postgres[StatefulSet]";

  private final BrowserFixture browser;
  private final String json = SyntheticMap.shop();
  private final JsonNode doc = MapPages.read(json);
  private final Path page = MapPages.write("shop", json);

  ShopMapBrowserTest(BrowserFixture browser) {
    this.browser = browser;
  }

  @AfterEach
  void noConsoleProblems() {
    assertThat(browser.consoleProblems()).as("console errors and warnings").isEmpty();
  }

  @Test
  void drawsEveryNodeAndEdgeOfTheDataWithItsStatus() {
    MapView map = browser.open(page);

    assertThat(map.visibleNodes())
        .containsExactlyInAnyOrderElementsOf(MapPages.nodeIds(doc, n -> true));
    assertThat(map.visibleEdges())
        .containsExactlyInAnyOrderElementsOf(MapPages.edgeIds(doc, e -> true));
    for (JsonNode e : doc.get("edges")) {
      WebElement path = map.edge(e.get("id").asText());
      String status = e.get("status").asText();
      assertThat(path.getDomAttribute("data-status")).isEqualTo(status);
      assertThat(path.getDomAttribute("class")).contains("status-" + status);
      assertThat(path.getDomAttribute("data-source")).isEqualTo(e.get("source").asText());
      assertThat(path.getDomAttribute("data-target")).isEqualTo(e.get("target").asText());
      assertThat(path.getDomAttribute("marker-end")).isEqualTo("url(#arrow-" + status + ")");
      assertThat(path.getDomAttribute("marker-start") != null)
          .as("observed marker of %s", e.get("id"))
          .isEqualTo(e.get("observed").asBoolean());
    }
    assertThat(map.node("world").getDomAttribute("class")).contains("world");
    assertThat(map.node("kube-system/kube-dns[Service]").getDomAttribute("class"))
        .contains("service");
    assertThat(map.all("#map g.group").stream().map(g -> g.getDomAttribute("data-id")))
        .containsExactlyInAnyOrder("group:shop", "group:data", "group:payments", "group:(outside)");
    assertThat(map.all("#filter-status li[data-status]").stream().map(WebElement::getText))
        .anySatisfy(t -> assertThat(t).contains("refused by a guardrail"))
        .anySatisfy(t -> assertThat(t).contains("seen on the wire"));
    browser.screenshot("shop");
  }

  @Test
  void clickingARefusedEdgeShowsItsStatusProvenanceAndExplanation() {
    MapView map = browser.open(page);
    JsonNode edge = edge(REFUSED_EDGE);
    assertThat(edge.get("status").asText()).isEqualTo("refused");

    map.clickEdge(REFUSED_EDGE);

    String details = map.details();
    assertThat(details).contains("frontend \u2192 postgres").contains("refused");
    for (JsonNode port : edge.get("ports")) {
      assertThat(details).contains(port.get("explanation").asText());
      port.get("provenance").forEach(line -> assertThat(details).contains(line.asText()));
    }
    assertThat(map.edge(REFUSED_EDGE).getDomAttribute("class")).contains("selected");
    browser.screenshot("shop-refused-edge");
  }

  @Test
  void clickingANodeShowsItsLabelsPoliciesAndFlows() {
    MapView map = browser.open(page);

    map.clickNode(POSTGRES);

    WebElement details = map.detailsElement();
    assertThat(map.details()).contains("postgres").contains("StatefulSet").contains("tier");
    List<WebElement> pre = details.findElements(By.tagName("pre"));
    assertThat(pre).hasSize(1);
    assertThat(pre.get(0).getText())
        .contains("kind: NetworkPolicy")
        .contains("name: netseg-postgres");
    assertThat(
            details.findElements(By.cssSelector("ul.flows li")).stream()
                .map(li -> li.getDomAttribute("data-edge")))
        .containsExactlyInAnyOrderElementsOf(
            MapPages.edgeIds(
                doc,
                e ->
                    e.get("source").asText().equals(POSTGRES)
                        || e.get("target").asText().equals(POSTGRES)));

    details.findElement(By.cssSelector("ul.flows li[data-edge=\"" + REFUSED_EDGE + "\"]")).click();
    assertThat(map.details()).contains("refused").contains("rules[5] deny web -> data");
  }

  @Test
  void uncheckingANamespaceHidesItsNodesAndTheirEdges() {
    MapView map = browser.open(page);

    map.showNamespace("data", false);

    assertThat(map.visibleNodes())
        .containsExactlyInAnyOrderElementsOf(
            MapPages.nodeIds(doc, n -> !"data".equals(n.path("namespace").asText())));
    assertThat(map.visibleEdges())
        .containsExactlyInAnyOrderElementsOf(
            MapPages.edgeIds(
                doc,
                e ->
                    !e.get("source").asText().startsWith("data/")
                        && !e.get("target").asText().startsWith("data/")));
    assertThat(map.all("#map g.group[data-id=\"group:data\"]")).isEmpty();

    map.showNamespace("data", true);
    assertThat(map.visibleNodes()).hasSize(doc.get("nodes").size());
    assertThat(map.visibleEdges()).hasSize(doc.get("edges").size());
  }

  @Test
  void statusFilterHidesTheEdgesOfThatStatus() {
    MapView map = browser.open(page);

    map.showStatus("unverified", false);
    map.showStatus("hole", false);

    assertThat(map.visibleEdges())
        .containsExactlyInAnyOrderElementsOf(
            MapPages.edgeIds(
                doc, e -> !List.of("unverified", "hole").contains(e.get("status").asText())));
    assertThat(map.visibleNodes()).hasSize(doc.get("nodes").size());
  }

  @Test
  void portFilterKeepsTheEdgesWithAMatchingPort() {
    MapView map = browser.open(page);

    map.filterPort("5432");
    // postgres's three clients, and the hole that allows every port
    assertThat(map.visibleEdges()).containsExactlyInAnyOrder("e13", "e14", "e15", "e18");

    map.filterPort("UDP/53");
    assertThat(map.visibleEdges())
        .containsExactlyInAnyOrderElementsOf(
            MapPages.edgeIds(
                doc, e -> e.get("target").asText().equals("kube-system/kube-dns[Service]")));

    map.filterPort("1500");
    assertThat(map.visibleEdges()).containsExactlyInAnyOrder("e16", "e18");

    map.filterPort("");
    assertThat(map.visibleEdges()).hasSize(doc.get("edges").size());
  }

  @Test
  void searchHighlightsAndCentresTheMatchingNode() {
    MapView map = browser.open(page);

    map.search("postgr");

    assertThat(map.node(POSTGRES).getDomAttribute("class")).contains("match");
    assertThat(map.all("#map g.node.match")).hasSize(1);
    assertThat(map.searchStatus()).contains(POSTGRES);
    @SuppressWarnings("unchecked")
    Map<String, Number> offset =
        (Map<String, Number>)
            map.script(
                "const n = arguments[0].querySelector('.shape').getBoundingClientRect();"
                    + " const s = document.getElementById('map').getBoundingClientRect();"
                    + " return {dx: n.x + n.width / 2 - (s.x + s.width / 2),"
                    + " dy: n.y + n.height / 2 - (s.y + s.height / 2)};",
                map.node(POSTGRES));
    assertThat(Math.abs(offset.get("dx").doubleValue())).isLessThan(5);
    assertThat(Math.abs(offset.get("dy").doubleValue())).isLessThan(5);

    map.search("no-such-workload");
    assertThat(map.all("#map g.node.match")).isEmpty();
    assertThat(map.searchStatus()).isEqualTo("no match");
  }

  @Test
  void segmentsGroupNamespacesWhenTheDataSaysSo() {
    ObjectNode bySegment = (ObjectNode) MapPages.read(json);
    bySegment.putArray("groupBy").add("segment").add("namespace");
    MapView map = browser.open(MapPages.write("shop-by-segment", bySegment.toString()));

    assertThat(map.all("#map g.group.segment").stream().map(g -> g.getDomAttribute("data-id")))
        .containsExactlyInAnyOrder("group:web", "group:app", "group:data", "group:payments");
    assertThat(map.all("#map g.group.namespace").stream().map(g -> g.getDomAttribute("data-id")))
        .containsExactlyInAnyOrder(
            "group:web/shop", "group:app/shop", "group:data/data", "group:payments/payments");
    assertThat(map.visibleNodes()).hasSize(doc.get("nodes").size());
    browser.screenshot("shop-by-segment");
  }

  @Test
  void noRequestLeavesThePage() {
    MapView map = browser.open(page);
    map.clickNode(FRONTEND);
    map.clickEdge(REFUSED_EDGE);
    map.search("cart");
    map.filterPort("TCP/53");

    String self = page.toAbsolutePath().toUri().toString();
    assertThat(browser.requestedUrls())
        .as("requests of the page")
        .contains(self)
        .allSatisfy(
            url ->
                assertThat(url.equals(self) || url.startsWith("data:") || url.startsWith("about:"))
                    .as(url)
                    .isTrue());
  }

  private JsonNode edge(String id) {
    for (JsonNode e : doc.get("edges")) {
      if (e.get("id").asText().equals(id)) {
        return e;
      }
    }
    throw new AssertionError("no edge " + id + " in the fixture");
  }
}
