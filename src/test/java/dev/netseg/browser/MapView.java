package dev.netseg.browser;

import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The map page as a person uses it: clicks land where a mouse would (a point of the element that no
 * other element covers), filters are clicked and typed into. Element hooks are those of
 * docs/map.md.
 */
public final class MapView {
  /**
   * A point of the element (a node's shape or an edge's stroke) that the element itself receives,
   * in viewport coordinates, or null. For an edge, points along its length are tried.
   */
  private static final String CLICK_POINT =
      """
      const target = arguments[0];
      const wrap = target.closest('.edge-wrap') || target;
      const inside = (x, y) => {
        const hit = document.elementFromPoint(x, y);
        return hit != null && wrap.contains(hit);
      };
      if (target.getTotalLength) {
        const len = target.getTotalLength();
        const m = target.getScreenCTM();
        for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.12, 0.88]) {
          const p = target.getPointAtLength(len * t);
          const x = m.a * p.x + m.c * p.y + m.e;
          const y = m.b * p.x + m.d * p.y + m.f;
          if (inside(x, y)) return [Math.round(x), Math.round(y)];
        }
        return null;
      }
      const shape = target.querySelector('.shape') || target;
      const r = shape.getBoundingClientRect();
      for (const [fx, fy] of [[0.5, 0.5], [0.5, 0.3], [0.5, 0.7], [0.3, 0.5], [0.7, 0.5]]) {
        const x = r.left + r.width * fx;
        const y = r.top + r.height * fy;
        if (inside(x, y)) return [Math.round(x), Math.round(y)];
      }
      return null;
      """;

  private final WebDriver driver;

  MapView(WebDriver driver) {
    this.driver = driver;
  }

  @SuppressWarnings("unchecked")
  public List<String> visibleNodes() {
    return (List<String>) script("return window.netsegMap.visibleNodes();");
  }

  @SuppressWarnings("unchecked")
  public List<String> visibleEdges() {
    return (List<String>) script("return window.netsegMap.visibleEdges();");
  }

  /** From navigation start to the first rendered frame, by the page's own clock. */
  public double renderMillis() {
    return ((Number) script("return window.netsegMap.renderMillis;")).doubleValue();
  }

  /** renderMillis, the time in the page's script, and the time in d3.pack. */
  @SuppressWarnings("unchecked")
  public Map<String, Number> timings() {
    return (Map<String, Number>)
        script(
            "const m = window.netsegMap;"
                + " return {render: m.renderMillis, script: m.scriptMillis, layout: m.layoutMillis};");
  }

  public WebElement node(String id) {
    return driver.findElement(By.cssSelector("#map g.node[data-id=\"" + css(id) + "\"]"));
  }

  public WebElement edge(String id) {
    return driver.findElement(By.cssSelector("#map path.edge[data-id=\"" + css(id) + "\"]"));
  }

  public List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  public void clickNode(String id) {
    clickOn(node(id));
  }

  public void clickEdge(String id) {
    clickOn(edge(id));
  }

  /** A mouse click on a point of the element that nothing else covers. */
  public void clickOn(WebElement element) {
    Object point = script(CLICK_POINT, element);
    if (!(point instanceof List<?> xy)) {
      throw new AssertionError("no visible point of " + describe(element) + " to click");
    }
    new Actions(driver)
        .moveToLocation(((Number) xy.get(0)).intValue(), ((Number) xy.get(1)).intValue())
        .click()
        .perform();
  }

  public String details() {
    return driver.findElement(By.id("details")).getText();
  }

  public WebElement detailsElement() {
    return driver.findElement(By.id("details"));
  }

  public void showNamespace(String namespace, boolean shown) {
    check(
        driver.findElement(
            By.cssSelector("#filter-namespace input[value=\"" + css(namespace) + "\"]")),
        shown);
  }

  public void showStatus(String status, boolean shown) {
    check(
        driver.findElement(By.cssSelector("#filter-status input[value=\"" + status + "\"]")),
        shown);
  }

  public void filterPort(String text) {
    type(driver.findElement(By.id("filter-port")), text);
  }

  public void search(String text) {
    type(driver.findElement(By.id("search")), text);
  }

  public String searchStatus() {
    return driver.findElement(By.id("search-status")).getText();
  }

  public Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  private static void check(WebElement box, boolean on) {
    if (box.isSelected() != on) {
      box.click();
    }
  }

  private static void type(WebElement field, String text) {
    field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    field.sendKeys(text);
  }

  private String describe(WebElement element) {
    return element.getTagName() + " " + element.getDomAttribute("data-id");
  }

  private static String css(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
