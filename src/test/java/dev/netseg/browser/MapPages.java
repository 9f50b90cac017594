package dev.netseg.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netseg.map.MapPage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Map pages written for the browser, under target/map-pages, and their data read back. */
public final class MapPages {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MapPages() {}

  /** Writes {@code MapPage.html} of the document to target/map-pages/{@code name}.html. */
  public static Path write(String name, String dataJson) {
    try {
      Path dir = Path.of("target", "map-pages");
      Files.createDirectories(dir);
      Path file = dir.resolve(name + ".html");
      String title = JSON.readTree(dataJson).path("title").asText(name);
      Files.writeString(file, MapPage.html(title, dataJson), StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode read(String dataJson) {
    try {
      return JSON.readTree(dataJson);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The ids of the document's nodes that satisfy the test. */
  public static List<String> nodeIds(JsonNode doc, Predicate<JsonNode> test) {
    return ids(doc.get("nodes"), test);
  }

  /** The ids of the document's edges that satisfy the test. */
  public static List<String> edgeIds(JsonNode doc, Predicate<JsonNode> test) {
    return ids(doc.get("edges"), test);
  }

  private static List<String> ids(JsonNode array, Predicate<JsonNode> test) {
    List<String> ids = new ArrayList<>();
    array.forEach(
        n -> {
          if (test.test(n)) {
            ids.add(n.get("id").asText());
          }
        });
    return ids;
  }
}
