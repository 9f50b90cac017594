package dev.netseg.segment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.netseg.policy.LabelSelectors;
import dev.netseg.policy.Protocol;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a segmentation from its document form, the same in a CLI file (YAML or JSON) and in a
 * SegmentationProfile's spec:
 *
 * <pre>
 * mode: intent                      # or guardrails-only (the default)
 * segments:
 *   web:  {podSelector: {matchLabels: {tier: web}}}
 *   data: {podSelector: {matchLabels: {tier: db}}, namespaceSelector: {...}}
 * rules:
 *   - allow: {from: web, to: app, ports: [{protocol: TCP, port: 8080}]}
 *   - deny:  {from: web, to: data}
 * </pre>
 *
 * Every error names the source (file or object) and the field.
 */
public final class SegmentationParser {
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final Set<String> TOP = Set.of("mode", "segments", "rules");

  private SegmentationParser() {}

  /** Reads a YAML or JSON file. */
  public static Segmentation read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new SegmentationException(file + ": cannot read: " + e.getMessage(), e);
    }
    return parse(text, file.toString());
  }

  /** Parses YAML or JSON text; {@code source} names it in errors. */
  public static Segmentation parse(String text, String source) {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw new SegmentationException(
          source + ": not valid YAML: " + e.getOriginalMessage().split("\n")[0], e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new SegmentationException(source + ": empty");
    }
    return parse(root, source, "");
  }

  /**
   * Parses the document form held in {@code node}.
   *
   * @param prefix prepended to field names (for example {@code spec.} for a profile)
   */
  public static Segmentation parse(JsonNode node, String source, String prefix) {
    return new Reader(source, prefix).segmentation(node);
  }

  /** The same checks for parts given separately, as a SegmentationProfile holds them. */
  public static Segmentation parse(
      JsonNode mode,
      JsonNode segments,
      JsonNode rules,
      String source,
      String modeField,
      String segmentsField,
      String rulesField) {
    Reader r = new Reader(source, "");
    return r.build(mode, modeField, segments, segmentsField, rules, rulesField);
  }

  private static final class Reader {
    private final String source;
    private final String prefix;

    Reader(String source, String prefix) {
      this.source = source;
      this.prefix = prefix;
    }

    private SegmentationException error(String field, String message) {
      return new SegmentationException(prefix() + field + ": " + message);
    }

    /** The source and a colon; nothing for an empty source (a profile names fields only). */
    private String prefix() {
      return source.isEmpty() ? "" : source + ": ";
    }

    Segmentation segmentation(JsonNode root) {
      if (!root.isObject()) {
        throw error(prefix.isEmpty() ? "(top level)" : prefix, "must be a mapping");
      }
      for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!TOP.contains(f)) {
          throw error(prefix + f, "unknown field (expected mode, segments, rules)");
        }
      }
      return build(
          root.get("mode"),
          prefix + "mode",
          root.get("segments"),
          prefix + "segments",
          root.get("rules"),
          prefix + "rules");
    }

    Segmentation build(
        JsonNode modeNode,
        String modeField,
        JsonNode segmentsNode,
        String segmentsField,
        JsonNode rulesNode,
        String rulesField) {
      SegmentMode mode = SegmentMode.GUARDRAILS_ONLY;
      if (present(modeNode)) {
        if (!modeNode.isTextual()) {
          throw error(modeField, "must be intent or guardrails-only");
        }
        mode =
            SegmentMode.parse(modeNode.asText())
                .orElseThrow(
                    () ->
                        error(
                            modeField,
                            "\"" + modeNode.asText() + "\" is not intent or guardrails-only"));
      }
      List<Segment> segments = new ArrayList<>();
      if (present(segmentsNode)) {
        if (!segmentsNode.isObject()) {
          throw error(segmentsField, "must be a mapping of segment name to selectors");
        }
        for (Map.Entry<String, JsonNode> e : segmentsNode.properties()) {
          segments.add(segment(e.getKey(), e.getValue(), segmentsField + "." + e.getKey()));
        }
      }
      Set<String> zones = new HashSet<>();
      segments.forEach(s -> zones.add(s.name()));
      zones.add(Segmentation.UNSEGMENTED);
      zones.add(Segmentation.EXTERNAL);
      zones.add(Segmentation.ANY);
      List<SegmentRule> rules = new ArrayList<>();
      if (present(rulesNode)) {
        if (!rulesNode.isArray()) {
          throw error(rulesField, "must be a list of rules");
        }
        for (int i = 0; i < rulesNode.size(); i++) {
          rules.add(rule(i, rulesNode.get(i), rulesField + "[" + i + "]", zones));
        }
      }
      return new Segmentation(mode, segments, rules);
    }

    private Segment segment(String name, JsonNode node, String field) {
      if (!NAME.matcher(name).matches()) {
        throw error(field, "a segment name must be a DNS label (lower case letters, digits, -)");
      }
      if (name.equals(Segmentation.UNSEGMENTED) || name.equals(Segmentation.EXTERNAL)) {
        throw error(field, "\"" + name + "\" is reserved (unsegmented, external)");
      }
      if (node == null || !node.isObject()) {
        throw error(field, "must be a mapping with podSelector and/or namespaceSelector");
      }
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!f.equals("podSelector") && !f.equals("namespaceSelector")) {
          throw error(field + "." + f, "unknown field (expected podSelector, namespaceSelector)");
        }
      }
      Optional<LabelSelector> pods = selector(node.get("podSelector"), field + ".podSelector");
      Optional<LabelSelector> namespaces =
          selector(node.get("namespaceSelector"), field + ".namespaceSelector");
      if (pods.isEmpty() && namespaces.isEmpty()) {
        throw error(field, "needs a podSelector or a namespaceSelector");
      }
      return new Segment(name, pods, namespaces);
    }

    private Optional<LabelSelector> selector(JsonNode node, String field) {
      if (!present(node)) {
        return Optional.empty();
      }
      LabelSelector s;
      try {
        s = YAML.treeToValue(node, LabelSelector.class);
      } catch (JsonProcessingException e) {
        throw error(
            field,
            "not a label selector (matchLabels, matchExpressions): "
                + e.getOriginalMessage().split("\n")[0]);
      }
      LabelSelectors.validate(s, field)
          .ifPresent(
              m -> {
                throw new SegmentationException(prefix() + m);
              });
      return Optional.of(s);
    }

    private SegmentRule rule(int index, JsonNode node, String field, Set<String> zones) {
      if (node == null || !node.isObject() || node.size() != 1) {
        throw error(field, "must have exactly one of allow or deny");
      }
      String key = node.fieldNames().next();
      SegmentRule.Action action;
      if (key.equals("allow")) {
        action = SegmentRule.Action.ALLOW;
      } else if (key.equals("deny")) {
        action = SegmentRule.Action.DENY;
      } else {
        throw error(field + "." + key, "unknown field (expected allow or deny)");
      }
      String at = field + "." + key;
      JsonNode body = node.get(key);
      if (!body.isObject()) {
        throw error(at, "must be a mapping with from, to and optional ports");
      }
      for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!Set.of("from", "to", "ports").contains(f)) {
          throw error(at + "." + f, "unknown field (expected from, to, ports)");
        }
      }
      String from = zone(body.get("from"), at + ".from", zones);
      String to = zone(body.get("to"), at + ".to", zones);
      List<PortMatch> ports = new ArrayList<>();
      JsonNode portsNode = body.get("ports");
      if (present(portsNode)) {
        if (!portsNode.isArray()) {
          throw error(at + ".ports", "must be a list");
        }
        for (int i = 0; i < portsNode.size(); i++) {
          ports.add(port(portsNode.get(i), at + ".ports[" + i + "]"));
        }
      }
      return new SegmentRule(index, action, from, to, ports);
    }

    private String zone(JsonNode node, String field, Set<String> zones) {
      if (!present(node) || !node.isTextual()) {
        throw error(field, "missing (a segment name, unsegmented, external or *)");
      }
      String z = node.asText();
      if (!zones.contains(z)) {
        throw error(
            field,
            "unknown segment \""
                + z
                + "\" (segments: "
                + String.join(", ", zones.stream().sorted().toList())
                + ")");
      }
      return z;
    }

    private PortMatch port(JsonNode node, String field) {
      if (node == null || !node.isObject()) {
        throw error(field, "must be a mapping with protocol, port and optional endPort");
      }
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!Set.of("protocol", "port", "endPort").contains(f)) {
          throw error(field + "." + f, "unknown field (expected protocol, port, endPort)");
        }
      }
      Protocol protocol = Protocol.TCP;
      JsonNode p = node.get("protocol");
      if (present(p)) {
        protocol =
            Protocol.parse(p.asText())
                .orElseThrow(
                    () ->
                        error(field + ".protocol", "\"" + p.asText() + "\" is not TCP, UDP, SCTP"));
      }
      JsonNode portNode = node.get("port");
      JsonNode endNode = node.get("endPort");
      if (!present(portNode)) {
        if (present(endNode)) {
          throw error(field + ".endPort", "needs a port");
        }
        return new PortMatch(protocol, 1, 65535);
      }
      int port = number(portNode, field + ".port");
      int end = present(endNode) ? number(endNode, field + ".endPort") : port;
      if (end < port) {
        throw error(field + ".endPort", "must not be below port " + port);
      }
      return new PortMatch(protocol, port, end);
    }

    private int number(JsonNode node, String field) {
      if (!node.canConvertToInt() || !node.isIntegralNumber()) {
        throw error(field, "must be a port number 1-65535");
      }
      int v = node.asInt();
      if (v < 1 || v > 65535) {
        throw error(field, "must be a port number 1-65535, not " + v);
      }
      return v;
    }

    private static boolean present(JsonNode node) {
      return node != null && !node.isNull() && !node.isMissingNode();
    }
  }
}
