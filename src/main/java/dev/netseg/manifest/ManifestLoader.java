package dev.netseg.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads Kubernetes manifests (YAML, multi-document YAML, JSON; {@code List} and {@code *List}
 * objects) from files and directories into {@link Manifests}.
 *
 * <p>Everything is read or nothing is: the first problem throws a {@link ManifestException} with a
 * one-line message {@code path#docIndex (Kind namespace/name): problem}, where the document index
 * counts from 1 and includes empty documents. Kinds netseg does not use, and fields fabric8 does
 * not know, are reported as warnings in the result.
 */
public final class ManifestLoader {
  /** Where objects without {@code metadata.namespace} go, as with kubectl. */
  public static final String DEFAULT_NAMESPACE = "default";

  /** The label the API server puts on every Namespace. */
  static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

  /** How standard input ({@code -}) is named in messages. */
  public static final String STANDARD_INPUT_NAME = "stdin";

  private final String defaultNamespace;
  private final boolean hintMissingNamespace;
  private final DocumentReader reader = new DocumentReader();
  private final ObjectDecoder decoder = new ObjectDecoder();

  /** A loader that puts objects without a namespace into {@code default}. */
  public ManifestLoader() {
    this(DEFAULT_NAMESPACE);
  }

  /**
   * @param defaultNamespace the namespace of namespaced objects that name none
   */
  public ManifestLoader(String defaultNamespace) {
    this(defaultNamespace, false);
  }

  private ManifestLoader(String defaultNamespace, boolean hintMissingNamespace) {
    Objects.requireNonNull(defaultNamespace, "defaultNamespace");
    if (defaultNamespace.isBlank()) {
      throw new IllegalArgumentException("default namespace must not be blank");
    }
    this.defaultNamespace = defaultNamespace;
    this.hintMissingNamespace = hintMissingNamespace;
  }

  /**
   * This loader, also warning once when most namespaced objects name no namespace: for a caller
   * whose user did not choose the default namespace (the CLI without {@code -n}), since such
   * manifests are usually applied with {@code kubectl apply -n}.
   */
  public ManifestLoader hintMissingNamespace() {
    return new ManifestLoader(defaultNamespace, true);
  }

  /**
   * Loads files and directories, in the order given; a directory's files in path order.
   *
   * @throws ManifestException on the first unreadable file or invalid document
   */
  public Manifests load(List<Path> paths) {
    return load(paths, null);
  }

  /**
   * As {@link #load(List)}, where the path {@code -} stands for {@code standardInput} (YAML or JSON
   * text, named {@value #STANDARD_INPUT_NAME} in messages).
   *
   * @param standardInput the text of standard input, or null when there is none
   * @throws ManifestException on the first unreadable file or invalid document, or for {@code -}
   *     without standard input
   */
  public Manifests load(List<Path> paths, String standardInput) {
    List<String> warnings = new ArrayList<>();
    List<Path> files = ManifestFiles.collect(paths, warnings);
    Run run = new Run(warnings);
    for (Path file : files) {
      if (file.equals(ManifestFiles.STANDARD_INPUT)) {
        if (standardInput == null) {
          throw new ManifestException("-: no standard input to read manifests from");
        }
        run.documents(STANDARD_INPUT_NAME, stripBom(standardInput), looksLikeJson(standardInput));
        continue;
      }
      String source = file.toString();
      run.documents(source, readText(file, source), ManifestFiles.isJson(file));
    }
    return run.build();
  }

  /** JSON text starts with an object or an array; anything else is read as YAML. */
  private static boolean looksLikeJson(String text) {
    String t = stripBom(text).stripLeading();
    return t.startsWith("{") || t.startsWith("[");
  }

  /**
   * Loads YAML or JSON text, as if it were a file with the given name (used for messages only; a
   * name ending in {@code .json} is read as JSON).
   *
   * @throws ManifestException on the first invalid document
   */
  public Manifests loadText(String name, String text) {
    Run run = new Run(new ArrayList<>());
    run.documents(name, stripBom(text), name.toLowerCase(Locale.ROOT).endsWith(".json"));
    return run.build();
  }

  private static String readText(Path file, String source) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ManifestException(source + ": cannot read: " + ManifestFiles.describe(e), e);
    }
    try {
      return stripBom(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      throw new ManifestException(source + ": cannot read: not UTF-8 text", e);
    }
  }

  private static String stripBom(String text) {
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  /** The line of a field, or of the nearest enclosing field that has one. */
  private static Integer lineOf(Map<String, Integer> lines, String path) {
    String p = path;
    while (true) {
      Integer line = lines.get(p);
      if (line != null || p.isEmpty()) {
        return line;
      }
      int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      p = cut < 0 ? "" : p.substring(0, cut);
    }
  }

  /** The state of one {@link #load} call. */
  private final class Run {
    private final List<String> warnings;
    private final Manifests.Builder builder = Manifests.builder();
    private final Map<ObjectRef, String> seen = new HashMap<>();
    private int namespaced;
    private int withoutNamespace;

    Run(List<String> warnings) {
      this.warnings = warnings;
    }

    void documents(String source, String text, boolean json) {
      for (DocumentReader.Document doc : reader.read(source, text, json)) {
        if (doc.root().isNull()) {
          continue; // an empty document, or one holding only comments
        }
        Map<String, Integer> lines = doc.lines();
        object(
            source + "#" + doc.index(), doc.root(), path -> lineOf(lines, path), null, null, false);
      }
    }

    /**
     * Reads one object, or the items of a list.
     *
     * @param defaultKind the kind items of a {@code FooList} have when they name none
     * @param defaultApiVersion likewise for their apiVersion
     * @param item true for an item of a list, false for a document
     */
    void object(
        String location,
        JsonNode node,
        Function<String, Integer> lineOf,
        String defaultKind,
        String defaultApiVersion,
        boolean item) {
      if (!node.isObject()) {
        throw new ManifestException(
            location
                + ": "
                + (item ? "item" : "document")
                + " is not a mapping (found "
                + shape(node)
                + ")");
      }
      String kind = text(node, "kind", "kind", location).orElse(defaultKind);
      if (kind == null) {
        throw new ManifestException(location + ": missing kind");
      }
      String withKind = location + " (" + kind + ")";
      String apiVersion =
          text(node, "apiVersion", "apiVersion", withKind).orElse(defaultApiVersion);
      if (apiVersion == null) {
        throw new ManifestException(withKind + ": missing apiVersion");
      }
      if (isList(kind, node)) {
        list(location, (ObjectNode) node, lineOf, kind, apiVersion);
        return;
      }
      if (apiVersion.startsWith("kustomize.config.k8s.io/")) {
        throw UnrenderedSources.kustomizationObject(
            location, kind, location.substring(0, location.lastIndexOf('#')));
      }
      Optional<SupportedKinds> supported = SupportedKinds.find(apiVersion, kind);
      if (supported.isEmpty()) {
        warnings.add(location + ": " + skipReason(apiVersion, kind));
        return;
      }
      SupportedKinds type = supported.get();
      JsonNode metadata = node.get("metadata");
      if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
        throw new ManifestException(
            withKind + ": metadata: expected a mapping, found " + shape(metadata));
      }
      String name =
          metadata == null || metadata.isNull()
              ? null
              : text(metadata, "name", "metadata.name", withKind).orElse(null);
      if (name == null) {
        throw new ManifestException(withKind + ": missing metadata.name");
      }
      String namespace = null;
      if (type.namespaced) {
        Optional<String> own = text(metadata, "namespace", "metadata.namespace", withKind);
        namespace = own.orElse(defaultNamespace);
        namespaced++;
        withoutNamespace += own.isEmpty() ? 1 : 0;
      }
      String where =
          location + " (" + new ObjectRef(kind, namespace == null ? "" : namespace, name) + ")";
      ObjectNode complete = (ObjectNode) node;
      if (!node.has("kind") || !node.has("apiVersion")) {
        // An item of a typed list: give it the kind and version it inherits. A shallow copy,
        // because YAML aliases may share this node with other documents.
        complete = JsonNodeFactory.instance.objectNode();
        complete.setAll((ObjectNode) node);
        complete.put("kind", kind);
        complete.put("apiVersion", apiVersion);
      }
      HasMetadata object = decoder.decode(complete, type.type, where, lineOf, warnings);
      if (type.namespaced) {
        object.getMetadata().setNamespace(namespace);
      } else {
        object.getMetadata().setNamespace(null);
      }
      if (object instanceof Namespace ns) {
        labelNamespace(ns);
      }
      ManifestChecks.check(object)
          .ifPresent(
              problem -> {
                throw new ManifestException(where + ": " + problem);
              });
      ObjectRef ref = ObjectRef.of(object);
      String first = seen.putIfAbsent(ref, location);
      if (first != null) {
        throw new ManifestException(where + ": duplicate object, also defined at " + first);
      }
      builder.add(object, location);
    }

    private void list(
        String location,
        ObjectNode node,
        Function<String, Integer> lineOf,
        String kind,
        String apiVersion) {
      JsonNode items = node.get("items");
      if (items == null || items.isNull()) {
        return;
      }
      if (!items.isArray()) {
        throw new ManifestException(
            location + " (" + kind + "): items: expected a list, found " + shape(items));
      }
      // Items of a typed list (PodList, as the API returns it) may omit their kind and apiVersion.
      boolean typed = !kind.equals("List");
      String itemKind = typed ? kind.substring(0, kind.length() - "List".length()) : null;
      String itemApiVersion = typed ? apiVersion : null;
      for (int i = 0; i < items.size(); i++) {
        String prefix = "items[" + i + "]";
        object(
            location + "." + prefix,
            items.get(i),
            path -> lineOf.apply(path.isEmpty() ? prefix : prefix + "." + path),
            itemKind,
            itemApiVersion,
            true);
      }
    }

    Manifests build() {
      if (hintMissingNamespace && withoutNamespace * 2 > namespaced) {
        warnings.add(
            withoutNamespace
                + " of "
                + namespaced
                + " objects name no namespace: they are read as namespace \""
                + defaultNamespace
                + "\"; give the namespace they are applied to with -n NAMESPACE");
      }
      warnings.forEach(builder::warning);
      return builder.build();
    }
  }

  /** {@code kind: List}, or a {@code FooList} that has items. */
  private static boolean isList(String kind, JsonNode node) {
    if (kind.equals("List")) {
      return true;
    }
    return kind.endsWith("List") && kind.length() > 4 && node.path("items").isArray();
  }

  private static String skipReason(String apiVersion, String kind) {
    Optional<SupportedKinds> sameName = SupportedKinds.findByKind(kind);
    if (sameName.isPresent()) {
      return "skipping kind "
          + kind
          + " of apiVersion "
          + apiVersion
          + " (netseg reads "
          + sameName.get().apiVersion
          + ")";
    }
    return "skipping kind " + kind + " (not used by netseg)";
  }

  /** The API server labels every Namespace with its name; policies select namespaces by it. */
  private static void labelNamespace(Namespace namespace) {
    ObjectMeta meta = namespace.getMetadata();
    Map<String, String> labels =
        meta.getLabels() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(meta.getLabels());
    labels.put(NAMESPACE_NAME_LABEL, meta.getName());
    meta.setLabels(labels);
  }

  /**
   * A string field, absent when missing, null or empty.
   *
   * @param field the field as messages name it
   * @param where the object as messages name it
   * @throws ManifestException when it is not a string
   */
  private static Optional<String> text(JsonNode node, String key, String field, String where) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw new ManifestException(
          where + ": " + field + ": expected a string, found " + shape(value));
    }
    return value.textValue().isEmpty() ? Optional.empty() : Optional.of(value.textValue());
  }

  private static String shape(JsonNode node) {
    if (node.isObject()) {
      return "a mapping";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isTextual()) {
      return "a string";
    }
    if (node.isNumber()) {
      return "a number";
    }
    if (node.isBoolean()) {
      return "a boolean";
    }
    return node.isNull() ? "null" : node.getNodeType().toString().toLowerCase(Locale.ROOT);
  }
}
