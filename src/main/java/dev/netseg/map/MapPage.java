package dev.netseg.map;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one HTML file {@code netseg map} writes: the page template, its CSS and script, d3 (from the
 * {@code org.webjars.npm:d3} WebJar) and the map's data, all inlined, so that opening the file
 * loads nothing from anywhere (docs/map.md). The data is the JSON of the map document; the page
 * parses it from a {@code <script type="application/json" id="netseg-data">} block.
 */
public final class MapPage {
  private static final String RESOURCES = "/dev/netseg/map/";
  private static final String D3_POM = "/META-INF/maven/org.webjars.npm/d3/pom.properties";
  private static final String D3_SCRIPT = "/META-INF/resources/webjars/d3/%s/dist/d3.min.js";
  private static final Pattern SLOT = Pattern.compile("\\{\\{(title|css|d3|data|js)\\}\\}");

  private MapPage() {}

  /**
   * The complete page.
   *
   * @param title shown as the page's title and heading (HTML-escaped here)
   * @param dataJson the map document as JSON (the data contract of docs/map.md)
   */
  public static String html(String title, String dataJson) {
    Map<String, String> slots =
        Map.of(
            "title", escapeHtml(title),
            "css", inert("map.css", resource(RESOURCES + "map.css"), "</style"),
            "d3", inert("d3.min.js", resource(String.format(D3_SCRIPT, d3Version())), "</script"),
            "data", scriptSafe(dataJson),
            "js", inert("map.js", resource(RESOURCES + "map.js"), "</script"));
    // One pass: what a slot is filled with is never searched for slots again.
    Matcher m = SLOT.matcher(resource(RESOURCES + "map.html"));
    StringBuilder page = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(page, Matcher.quoteReplacement(slots.get(m.group(1))));
    }
    m.appendTail(page);
    return page.toString();
  }

  /** Text for an element or attribute value: {@code & < > " '} as character references. */
  static String escapeHtml(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * JSON that cannot end the script element holding it: {@code </} becomes {@code <\/} and {@code
   * <!--} becomes {@code \u003c!--} (which would otherwise start the script's escaped state). Both
   * can only occur inside JSON strings, where they mean the same after the change.
   */
  static String scriptSafe(String json) {
    return json.replace("</", "<\\/").replace("<!--", "\\u003c!--");
  }

  /** The text of a script or style that is inlined as is; it must not close its element. */
  private static String inert(String name, String text, String closing) {
    if (text.toLowerCase(Locale.ROOT).contains(closing) || text.contains("<!--")) {
      throw new IllegalStateException(
          name + " contains " + closing + " or <!--: it cannot be inlined");
    }
    return text;
  }

  private static String d3Version() {
    Properties pom = new Properties();
    try (InputStream in = MapPage.class.getResourceAsStream(D3_POM)) {
      if (in == null) {
        throw new IllegalStateException("the d3 WebJar is not on the class path (" + D3_POM + ")");
      }
      pom.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pom.getProperty("version");
  }

  private static String resource(String path) {
    try (InputStream in = MapPage.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("resource missing from the class path: " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
