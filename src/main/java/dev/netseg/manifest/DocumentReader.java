package dev.netseg.manifest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Splits a file into documents (YAML {@code ---} documents, or consecutive JSON values) and builds
 * a JSON tree of each, remembering the line of every field so that later errors can point at it.
 *
 * <p>The tree is built token by token rather than by Jackson's tree reader because Jackson's YAML
 * support does not resolve aliases ({@code *name}) and YAML merge keys ({@code <<: *name}) – it
 * would return the alias name as a string, silently – while Kubernetes' YAML reader resolves both.
 */
final class DocumentReader {
  /** Alias expansion can make a tiny file huge ("billion laughs"); refuse beyond this. */
  static final long MAX_NODES_PER_DOCUMENT = 2_000_000;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String MERGE_KEY = "<<";

  private final YAMLFactory yamlFactory;
  private final JsonFactory jsonFactory = new JsonFactory();

  /**
   * One document.
   *
   * @param index 1-based position in the file, counting empty documents
   * @param root its tree; a NullNode for an empty document
   * @param lines the line of each field path ({@code ""} for the root)
   */
  record Document(int index, JsonNode root, Map<String, Integer> lines) {}

  DocumentReader() {
    LoaderOptions options = new LoaderOptions();
    // SnakeYAML's 3 MB default is too small for large generated manifests.
    options.setCodePointLimit(256 * 1024 * 1024);
    // The builder does not apply the parser's default features: an empty plain scalar (an empty
    // document, `key:` without a value) must be null, as in Kubernetes, not "".
    this.yamlFactory =
        YAMLFactory.builder()
            .loaderOptions(options)
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .build();
  }

  /**
   * @param source the file's name as messages show it
   * @param json true to read JSON (one or more values), false for YAML
   * @throws ManifestException for malformed text, naming the document and line
   */
  List<Document> read(String source, String text, boolean json) {
    List<Document> documents = new ArrayList<>();
    String format = json ? "JSON" : "YAML";
    try (JsonParser parser =
        json ? jsonFactory.createParser(text) : yamlFactory.createParser(text)) {
      while (true) {
        int index = documents.size() + 1;
        try {
          JsonToken token = parser.nextToken();
          if (token == null) {
            break;
          }
          DocumentBuilder builder = new DocumentBuilder(parser, source + "#" + index);
          JsonNode root = builder.value("");
          documents.add(new Document(index, root, builder.lines));
        } catch (JsonProcessingException | YAMLException e) {
          int template = json ? -1 : templateLine(text);
          if (template > 0) {
            // an un-rendered Helm template: say so rather than quote the parser
            throw UnrenderedSources.template(source + "#" + index, template);
          }
          throw new ManifestException(source + "#" + index + ": " + malformed(format, e), e);
        }
      }
    } catch (IOException e) {
      throw new ManifestException(source + ": cannot read: " + e.getMessage(), e);
    }
    return documents;
  }

  /** The first line (from 1) with a template action {@code {{ ... }}}, or -1. */
  private static int templateLine(String text) {
    int open = text.indexOf("{{");
    if (open < 0 || text.indexOf("}}", open) < 0) {
      return -1;
    }
    int line = 1;
    for (int i = 0; i < open; i++) {
      line += text.charAt(i) == '\n' ? 1 : 0;
    }
    return line;
  }

  /** One line: the parser's problem and where it is, without SnakeYAML's multi-line excerpt. */
  private static String malformed(String format, Exception e) {
    Throwable cause = e;
    while (cause != null && !(cause instanceof MarkedYAMLException)) {
      cause = cause.getCause();
    }
    if (cause instanceof MarkedYAMLException marked) {
      Mark mark =
          marked.getProblemMark() != null ? marked.getProblemMark() : marked.getContextMark();
      String problem = marked.getProblem() != null ? marked.getProblem() : marked.getContext();
      if (marked.getContext() != null && marked.getProblem() != null) {
        problem = marked.getContext() + ": " + problem;
      }
      return "malformed "
          + format
          + (mark == null
              ? ""
              : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1))
          + ": "
          + oneLine(problem);
    }
    if (e instanceof JsonProcessingException jpe) {
      String where =
          jpe.getLocation() == null
              ? ""
              : " at line "
                  + jpe.getLocation().getLineNr()
                  + ", column "
                  + jpe.getLocation().getColumnNr();
      return "malformed " + format + where + ": " + oneLine(jpe.getOriginalMessage());
    }
    return "malformed " + format + ": " + oneLine(e.getMessage());
  }

  private static String oneLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    String first = message.strip().lines().findFirst().orElse("unreadable").strip();
    return first.isEmpty() ? "unreadable" : first;
  }

  /** Builds one document's tree from the token stream. */
  private static final class DocumentBuilder {
    private final JsonParser parser;
    private final YAMLParser yaml;
    private final String document;
    private final Map<String, Integer> lines = new HashMap<>();
    private final Map<String, JsonNode> anchors = new HashMap<>();
    private final Map<String, Long> anchorSizes = new HashMap<>();
    private long size;

    DocumentBuilder(JsonParser parser, String document) {
      this.parser = parser;
      this.yaml = parser instanceof YAMLParser y ? y : null;
      this.document = document;
    }

    /** Reads the value whose first token is current. */
    JsonNode value(String path) throws IOException {
      int line = parser.currentTokenLocation().getLineNr();
      lines.putIfAbsent(path, line);
      if (yaml != null && yaml.isCurrentAlias()) {
        return alias(parser.getText(), line);
      }
      String anchor = yaml == null ? null : yaml.getObjectId();
      long before = size;
      JsonNode node =
          switch (parser.currentToken()) {
            case START_OBJECT -> object(path);
            case START_ARRAY -> array(path);
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> integer();
            case VALUE_NUMBER_FLOAT -> decimal();
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            case VALUE_EMBEDDED_OBJECT ->
                parser.getEmbeddedObject() instanceof byte[] bytes
                    ? NODES.binaryNode(bytes)
                    : NODES.pojoNode(parser.getEmbeddedObject());
            default ->
                throw new ManifestException(
                    document
                        + ": malformed document at line "
                        + line
                        + ": unexpected "
                        + parser.currentToken());
          };
      grow(1, line);
      if (anchor != null) {
        anchors.put(anchor, node);
        anchorSizes.put(anchor, size - before);
      }
      return node;
    }

    private JsonNode alias(String name, int line) {
      JsonNode target = anchors.get(name);
      if (target == null) {
        throw new ManifestException(
            document + ": malformed YAML at line " + line + ": unknown alias *" + name);
      }
      // Shared, not copied: the tree is only read, and sharing keeps alias bombs small in memory.
      grow(anchorSizes.get(name), line);
      return target;
    }

    private void grow(long nodes, int line) {
      size += nodes;
      if (size > MAX_NODES_PER_DOCUMENT) {
        throw new ManifestException(
            document
                + ": document too large at line "
                + line
                + " (more than "
                + MAX_NODES_PER_DOCUMENT
                + " values after expanding YAML aliases)");
      }
    }

    private ObjectNode object(String path) throws IOException {
      ObjectNode object = NODES.objectNode();
      List<JsonNode> merges = new ArrayList<>();
      while (parser.nextToken() != JsonToken.END_OBJECT) {
        String key = parser.currentName();
        int keyLine = parser.currentTokenLocation().getLineNr();
        parser.nextToken();
        String childPath = FieldPaths.field(path, key);
        if (yaml != null && MERGE_KEY.equals(key)) {
          JsonNode merged = value(childPath);
          if (merged.isArray()) {
            merged.forEach(merges::add);
          } else {
            merges.add(merged);
          }
          continue;
        }
        if (object.has(key)) {
          throw new ManifestException(
              document
                  + ": malformed "
                  + (yaml != null ? "YAML" : "JSON")
                  + " at line "
                  + keyLine
                  + ": duplicate key \""
                  + key
                  + "\"");
        }
        lines.put(childPath, keyLine);
        object.set(key, value(childPath));
      }
      // YAML merge keys: explicit keys win, then earlier merged mappings over later ones.
      for (JsonNode merge : merges) {
        if (!merge.isObject()) {
          throw new ManifestException(
              document
                  + ": malformed YAML at line "
                  + lines.get(FieldPaths.field(path, MERGE_KEY))
                  + ": the merge key << needs a mapping or a list of mappings");
        }
        for (Map.Entry<String, JsonNode> e : merge.properties()) {
          if (!object.has(e.getKey())) {
            object.set(e.getKey(), e.getValue());
          }
        }
      }
      return object;
    }

    private ArrayNode array(String path) throws IOException {
      ArrayNode array = NODES.arrayNode();
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        array.add(value(FieldPaths.index(path, array.size())));
      }
      return array;
    }

    private JsonNode integer() throws IOException {
      return switch (parser.getNumberType()) {
        case INT -> NODES.numberNode(parser.getIntValue());
        case LONG -> NODES.numberNode(parser.getLongValue());
        default -> NODES.numberNode(parser.getBigIntegerValue());
      };
    }

    private JsonNode decimal() throws IOException {
      return parser.getNumberType() == JsonParser.NumberType.BIG_DECIMAL
          ? NODES.numberNode(parser.getDecimalValue())
          : NODES.numberNode(parser.getDoubleValue());
    }
  }
}
