package dev.netseg.operator.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The committed CRDs' schemas (CrdDriftTest keeps them equal to the generated ones), as the nodes
 * {@code kubectl explain} shows, keyed by a path such as {@code
 * segmentationprofiles.netseg.dev/v1alpha1: spec.allow[].egress}: each kind's root (as {@code (kind
 * NAME)}) and every property of every version, nested in objects, array items ({@code []}) and map
 * values ({@code .*}).
 */
final class CrdSchemas {
  private static final YAMLMapper YAML = new YAMLMapper();

  private CrdSchemas() {}

  static List<Path> files() throws IOException {
    try (Stream<Path> files = Files.list(CrdDriftTest.COMMITTED)) {
      return files.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
    }
  }

  static Map<String, JsonNode> explained() throws IOException {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (Path file : files()) {
      JsonNode crd = YAML.readTree(file.toFile());
      String name = crd.path("metadata").path("name").asText();
      for (JsonNode version : crd.path("spec").path("versions")) {
        String prefix = name + "/" + version.path("name").asText() + ": ";
        JsonNode root = version.path("schema").path("openAPIV3Schema");
        out.put(
            prefix + "(kind " + crd.path("spec").path("names").path("kind").asText() + ")", root);
        walk(root, prefix, "", out);
      }
    }
    return out;
  }

  /** Adds each property under {@code schema}, then looks inside it, its items and map values. */
  private static void walk(JsonNode schema, String prefix, String path, Map<String, JsonNode> out) {
    schema
        .path("properties")
        .properties()
        .forEach(
            e -> {
              String at = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
              out.put(prefix + at, e.getValue());
              walk(e.getValue(), prefix, at, out);
            });
    if (schema.has("items")) {
      walk(schema.get("items"), prefix, path + "[]", out);
    }
    if (schema.path("additionalProperties").isObject()) {
      walk(schema.get("additionalProperties"), prefix, path + ".*", out);
    }
  }

  static String description(JsonNode schema) {
    return schema.path("description").asText("");
  }
}
