package dev.netseg.map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The map's data as JSON: what the page reads, and {@code netseg map --data} writes. */
public final class MapJson {
  private MapJson() {}

  public static String write(MapDocument document, boolean indent) {
    ObjectMapper mapper = new ObjectMapper();
    if (indent) {
      mapper.enable(SerializationFeature.INDENT_OUTPUT);
    }
    try {
      return mapper.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the map's data: " + e.getMessage(), e);
    }
  }
}
