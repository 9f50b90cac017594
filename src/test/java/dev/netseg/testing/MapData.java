package dev.netseg.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Reading the JSON of {@code netseg map --data} in tests: edges, ports and nodes by id. */
public final class MapData {
  private MapData() {}

  /** The edge {@code source -> target}; an AssertionError naming the edges when there is none. */
  public static JsonNode edge(JsonNode map, String source, String target) {
    for (JsonNode e : map.get("edges")) {
      if (e.get("source").asText().equals(source) && e.get("target").asText().equals(target)) {
        return e;
      }
    }
    throw new AssertionError("no edge " + source + " -> " + target + " in " + map.get("edges"));
  }

  /** The port ({@code 8080}, {@code 1-5049}, {@code all}) of the edge {@code source -> target}. */
  public static JsonNode port(JsonNode map, String source, String target, String port) {
    for (JsonNode p : edge(map, source, target).get("ports")) {
      if (p.get("port").asText().equals(port)) {
        return p;
      }
    }
    throw new AssertionError("no port " + port + " on " + source + " -> " + target);
  }

  /** Each port of an edge ({@code TCP 8080}) with its status. */
  public static Map<String, String> statuses(JsonNode edge) {
    Map<String, String> out = new TreeMap<>();
    for (JsonNode p : edge.get("ports")) {
      out.put(p.get("protocol").asText() + " " + p.get("port").asText(), p.get("status").asText());
    }
    return out;
  }

  /** The ids of the workload nodes. */
  public static Set<String> workloadIds(JsonNode map) {
    Set<String> out = new TreeSet<>();
    for (JsonNode n : map.get("nodes")) {
      if (n.get("type").asText().equals("workload")) {
        out.add(n.get("id").asText());
      }
    }
    return out;
  }
}
