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
import java.util.regex.Pattern;

/**
 * The CLI's allow file: explicit allowances in the declaration syntax ({@code
 * docs/declarations.md}). Each entry is either {@code from}/{@code to}, or a {@code workload} with
 * {@code egress}/{@code ingress} lists meaning exactly what its annotations would (the
 * SegmentationProfile's form).
 *
 * <pre>
 * namespace: shop             # optional: the namespace of unqualified names
 * allow:
 *   - from: frontend
 *     to: cartservice:7070
 *     reason: checkout page    # optional, shown in the policy's justification
 *   - from: 203.0.113.0/24
 *     to: frontend:8080
 *   - workload: payments/gateway
 *     egress: ["203.0.113.10:443"]
 *     ingress: ["monitoring/prometheus:metrics"]
 * </pre>
 */
public final class AllowFile {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> TOP = Set.of("apiVersion", "kind", "namespace", "allow");
  private static final Set<String> BETWEEN = Set.of("from", "to", "reason");
  private static final Set<String> WORKLOAD = Set.of("workload", "egress", "ingress", "reason");
  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

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
      if (!ns.isTextual() || !NAMESPACE.matcher(ns.asText()).matches()) {
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
      throw new DeclarationException(file + ": 'allow' must be a list of entries");
    }
    List<AllowRule> rules = new ArrayList<>();
    for (int i = 0; i < allow.size(); i++) {
      JsonNode node = allow.get(i);
      String origin = file + " entry " + (i + 1);
      if (!node.isObject()) {
        throw new DeclarationException(
            origin + ": expected a mapping with 'from' and 'to', or 'workload'");
      }
      String reason = text(node, "reason", origin);
      String evidence = reason == null ? origin : origin + " (" + reason.trim() + ")";
      if (node.has("workload")) {
        unknownFields(node, WORKLOAD, origin);
        rules.addAll(workloadRules(node, namespace, origin, evidence));
      } else {
        unknownFields(node, BETWEEN, origin);
        AllowRule.Between rule =
            AllowRule.between(
                text(node, "from", origin), text(node, "to", origin), namespace, origin);
        rules.add(new AllowRule.Between(rule.from(), rule.to(), rule.namespace(), evidence));
      }
    }
    return List.copyOf(rules);
  }

  private static List<AllowRule> workloadRules(
      JsonNode node, Optional<String> namespace, String origin, String evidence) {
    String workload = text(node, "workload", origin);
    String ns;
    String name;
    int slash = workload.indexOf('/');
    if (slash >= 0) {
      ns = workload.substring(0, slash);
      name = workload.substring(slash + 1);
    } else if (namespace.isPresent()) {
      ns = namespace.get();
      name = workload;
    } else {
      throw new DeclarationException(
          origin
              + " workload \""
              + workload
              + "\": write namespace/name (or set 'namespace:' at the top of the file)");
    }
    if (!NAMESPACE.matcher(ns).matches() || !NAME.matcher(name).matches()) {
      throw new DeclarationException(
          origin + " workload \"" + workload + "\": not a valid [namespace/]name");
    }
    List<String> egress = list(node, "egress", origin);
    List<String> ingress = list(node, "ingress", origin);
    if (egress.isEmpty() && ingress.isEmpty()) {
      throw new DeclarationException(origin + ": a workload entry needs 'egress' or 'ingress'");
    }
    // Errors name the entry; provenance also carries the reason.
    return AllowRule.forWorkload(ns, name, egress, ingress, origin).stream()
        .map(r -> (AllowRule.ForWorkload) r)
        .map(
            r ->
                (AllowRule)
                    new AllowRule.ForWorkload(
                        r.namespace(),
                        r.workload(),
                        r.direction(),
                        r.entry(),
                        evidence + r.origin().substring(origin.length())))
        .toList();
  }

  private static List<String> list(JsonNode node, String field, String origin) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (value.isTextual()) {
      return List.of(value.asText());
    }
    if (!value.isArray()) {
      throw new DeclarationException(origin + ": '" + field + "' must be a list of entries");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isValueNode()) {
        throw new DeclarationException(origin + ": '" + field + "' must be a list of strings");
      }
      out.add(item.asText());
    }
    return out;
  }

  private static String text(JsonNode node, String field, String origin) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isValueNode()) {
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
                + String.join(", ", allowed.stream().sorted().toList())
                + ")");
      }
    }
  }
}
