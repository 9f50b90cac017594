package dev.netseg.map;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MapPageTest {
  private static final Pattern DATA_BLOCK =
      Pattern.compile(
          "<script type=\"application/json\" id=\"netseg-data\">(.*?)</script>", Pattern.DOTALL);

  @Test
  void inlinesD3TheScriptTheStyleAndTheData() {
    String page = MapPage.html("netseg map: examples/shop", "{\"nodes\":[],\"edges\":[]}");

    assertThat(page).startsWith("<!DOCTYPE html>");
    assertThat(page).contains("https://d3js.org v7.9.0").contains("window.netsegMap");
    assertThat(page).contains("grid-template-areas");
    assertThat(page).contains("<title>netseg map: examples/shop</title>");
    assertThat(dataBlock(page)).isEqualTo("{\"nodes\":[],\"edges\":[]}");
    assertThat(page).doesNotContain("{{");
  }

  @Test
  void referencesNothingOutsideTheFile() {
    String page = MapPage.html("t", "{}");

    assertThat(page).doesNotContainPattern("(?i)<(script|img|iframe)[^>]*\\ssrc=");
    assertThat(page).doesNotContainPattern("(?i)<link[^>]*href=\"(?!data:)");
    assertThat(page).doesNotContainPattern("(?i)@import|@font-face|url\\(\\s*['\"]?http");
    assertThat(page).contains("Content-Security-Policy").contains("default-src 'none'");
  }

  @Test
  void dataCannotCloseItsScriptElement() throws Exception {
    String json =
        new ObjectMapper()
            .writeValueAsString(
                new ObjectMapper()
                    .createObjectNode()
                    .put("title", "</script><script>alert(1)</script>")
                    .put("label", "<!--<script>"));

    String page = MapPage.html("x", json);
    String block = dataBlock(page);

    assertThat(block).doesNotContain("</").doesNotContain("<!--");
    JsonNode back = new ObjectMapper().readTree(block);
    assertThat(back.get("title").asText()).isEqualTo("</script><script>alert(1)</script>");
    assertThat(back.get("label").asText()).isEqualTo("<!--<script>");
  }

  @Test
  void titleIsEscaped() {
    String page = MapPage.html("a <b> & \"c\" 'd'", "{}");

    assertThat(page)
        .contains("<title>a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;</title>")
        .doesNotContain("<b>");
  }

  @Test
  void slotTextInTheDataIsLeftAsIs() {
    String page = MapPage.html("{{js}}", "{\"label\":\"{{css}} {{d3}}\"}");

    assertThat(dataBlock(page)).isEqualTo("{\"label\":\"{{css}} {{d3}}\"}");
    assertThat(page).contains("<title>{{js}}</title>");
  }

  private static String dataBlock(String page) {
    Matcher m = DATA_BLOCK.matcher(page);
    assertThat(m.find()).as("data block in the page").isTrue();
    return m.group(1);
  }
}
