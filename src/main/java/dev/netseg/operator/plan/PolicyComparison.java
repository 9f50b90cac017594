package dev.netseg.operator.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides whether an existing NetworkPolicy already says what a desired one says, the way the API
 * server stores it: absent and empty fields are the same, and a port without protocol is TCP. A
 * reconcile that finds every policy equal makes no write.
 */
public final class PolicyComparison {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private PolicyComparison() {}

  /** True when spec, and the labels and annotations netseg sets, are the same. */
  public static boolean sameContent(NetworkPolicy desired, NetworkPolicy existing) {
    return canonicalSpec(desired).equals(canonicalSpec(existing))
        && containsAll(existing.getMetadata().getLabels(), desired.getMetadata().getLabels())
        && containsAll(
            existing.getMetadata().getAnnotations(), desired.getMetadata().getAnnotations());
  }

  private static boolean containsAll(Map<String, String> actual, Map<String, String> wanted) {
    if (wanted == null || wanted.isEmpty()) {
      return true;
    }
    if (actual == null) {
      return false;
    }
    for (var e : wanted.entrySet()) {
      if (!Objects.equals(actual.get(e.getKey()), e.getValue())) {
        return false;
      }
    }
    return true;
  }

  /** The spec as JSON with empty values dropped and API-server defaults filled in. */
  static JsonNode canonicalSpec(NetworkPolicy policy) {
    JsonNode spec = MAPPER.valueToTree(policy.getSpec());
    JsonNode clean = prune(spec);
    if (clean instanceof ObjectNode o) {
      defaultProtocols(o.get("ingress"));
      defaultProtocols(o.get("egress"));
      if (!o.has("podSelector")) {
        o.putObject("podSelector");
      }
      if (!o.has("policyTypes")) {
        ArrayNode types = o.putArray("policyTypes");
        types.add("Ingress");
        if (o.has("egress")) {
          types.add("Egress");
        }
      }
    }
    return clean;
  }

  private static void defaultProtocols(JsonNode rules) {
    if (rules == null) {
      return;
    }
    for (JsonNode rule : rules) {
      JsonNode ports = rule.get("ports");
      if (ports == null) {
        continue;
      }
      for (JsonNode port : ports) {
        if (port instanceof ObjectNode p && !p.has("protocol")) {
          p.put("protocol", "TCP");
        }
      }
    }
  }

  /** Removes nulls and empty objects inside values, but keeps empty selectors ({}) in lists. */
  private static JsonNode prune(JsonNode node) {
    if (node.isObject()) {
      ObjectNode copy = MAPPER.createObjectNode();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        JsonNode v = e.getValue();
        if (v == null || v.isNull() || (v.isContainerNode() && v.isEmpty())) {
          // An empty podSelector/namespaceSelector means "all": keep it as {}.
          if (v != null && v.isObject() && e.getKey().endsWith("Selector")) {
            copy.putObject(e.getKey());
          }
          continue;
        }
        JsonNode pruned = prune(v);
        if (pruned.isContainerNode() && pruned.isEmpty() && !e.getKey().endsWith("Selector")) {
          continue;
        }
        copy.set(e.getKey(), pruned);
      }
      return copy;
    }
    if (node.isArray()) {
      List<JsonNode> items = new ArrayList<>();
      node.forEach(item -> items.add(prune(item)));
      ArrayNode copy = MAPPER.createArrayNode();
      items.forEach(copy::add);
      return copy;
    }
    return node;
  }
}
