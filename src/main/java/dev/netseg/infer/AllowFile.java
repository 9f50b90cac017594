package dev.netseg.infer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The CLI's allow file: explicit allowances in the declaration syntax.
 *
 * <pre>
 * namespace: shop            # optional: the namespace of unqualified names
 * allow:
 *   - from: frontend
 *     to: cartservice:7070
 *     reason: checkout page   # optional, shown in the policy's justification
 *   - from: 203.0.113.0/24
 *     to: frontend:8080
 * </pre>
 */
public final class AllowFile {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> TOP = Set.of("apiVersion", "kind", "namespace", "allow");
  private static final Set<String> RULE = Set.of("from", "to", "reason");

  private AllowFile() {}

  /**
   * Parses the file's content.
   *
   * @param file the file's name, prefix of every message and of each rule's origin
   * @throws DeclarationException naming the file, the entry and the problem
   */
  public static List<AllowRule> parse(String content, String file) {
    JsonNode root;
    try {
      root = YAML.readTree(content);
    } catch (JsonProcessingException e) {
      throw new DeclarationException(
          file + ": not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return List.of();
    }
    if (!root.isObject()) {
      throw new DeclarationException(file + ": expected a mapping with an 'allow' list");
    }
    unknownFields(root, TOP, file);
    Optional<String> namespace = Optional.empty();
    JsonNode ns = root.get("namespace");
    if (ns != null) {
      if (!ns.isTextual() || !ns.asText().matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
        throw new DeclarationException(
            file + ": namespace: \"" + ns.asText() + "\" is not a valid namespace name");
      }
      namespace = Optional.of(ns.asText());
    }
    JsonNode allow = root.get("allow");
    if (allow == null || allow.isNull()) {
      return List.of();
    }
    if (!allow.isArray()) {
      throw new DeclarationException(file + ": 'allow' must be a list of {from, to} entries");
    }
    List<AllowRule> rules = new ArrayList<>();
    for (int i = 0; i < allow.size(); i++) {
      JsonNode node = allow.get(i);
      String origin = file + " entry " + (i + 1);
      if (!node.isObject()) {
        throw new DeclarationException(origin + ": expected a mapping with 'from' and 'to'");
      }
      unknownFields(node, RULE, origin);
      String reason = text(node, "reason", origin);
      String evidence = reason == null ? origin : origin + " (" + reason.trim() + ")";
      AllowRule rule =
          AllowRule.parse(text(node, "from", origin), text(node, "to", origin), namespace, origin);
      rules.add(new AllowRule(rule.from(), rule.to(), rule.namespace(), evidence));
    }
    return List.copyOf(rules);
  }

  private static String text(JsonNode node, String field, String origin) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isValueNode() || value.isBinary()) {
      throw new DeclarationException(origin + ": '" + field + "' must be a string");
    }
    return value.asText();
  }

  private static void unknownFields(JsonNode node, Set<String> allowed, String where) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        throw new DeclarationException(
            where
                + ": unknown field '"
                + name
                + "' (expected "
                + String.join(", ", sorted(allowed))
                + ")");
      }
    }
  }

  private static List<String> sorted(Set<String> names) {
    return names.stream().sorted().toList();
  }
}
