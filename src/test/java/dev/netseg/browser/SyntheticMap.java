package dev.netseg.browser;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Map documents (the data contract of docs/map.md) of any size, the same for every run: namespaces
 * of 20 workloads, each workload calling the next one of its namespace, one workload of the next
 * namespace (statuses mixed: mostly required, some holes, outages, refused and held) and, one in
 * five, kube-dns (unverified); every third connection observed; the outside world reaching the
 * first workload of each namespace.
 */
public final class SyntheticMap {
  public static final int PER_NAMESPACE = 20;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> CROSS_STATUSES =
      List.of("required", "required", "hole", "required", "outage", "refused", "required", "held");
  private static final String DNS = "kube-system/kube-dns[Service]";

  private SyntheticMap() {}

  /** The map fixture of examples/shop (src/test/resources/dev/netseg/map/shop-map.json). */
  public static String shop() {
    try (InputStream in = SyntheticMap.class.getResourceAsStream("/dev/netseg/map/shop-map.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static int namespaces(int workloads) {
    return (workloads + PER_NAMESPACE - 1) / PER_NAMESPACE;
  }

  public static String namespace(int index) {
    return String.format("team-%03d", index);
  }

  public static String workloadId(int index) {
    return namespace(index / PER_NAMESPACE) + "/svc-" + index % PER_NAMESPACE + "[Deployment]";
  }

  public static String of(int workloads) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("title", "netseg map: " + workloads + " synthetic workloads");
    doc.putArray("groupBy").add("namespace");
    ArrayNode nodes = doc.putArray("nodes");
    for (int i = 0; i < workloads; i++) {
      ObjectNode n = nodes.addObject();
      String ns = namespace(i / PER_NAMESPACE);
      String name = "svc-" + i % PER_NAMESPACE;
      n.put("id", workloadId(i));
      n.put("label", name);
      n.put("namespace", ns);
      n.put("kind", "Deployment");
      n.put("type", "workload");
      n.putNull("segment");
      n.putObject("labels").put("app", name);
      n.putArray("dnsNames").add(name + "." + ns + ".svc.cluster.local");
      ObjectNode policy = n.putArray("policies").addObject();
      policy.put("name", ns + "/netseg-" + name);
      policy.put(
          "yaml",
          "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: netseg-"
              + name
              + "\n  namespace: "
              + ns
              + "\nspec:\n  podSelector:\n    matchLabels: {app: "
              + name
              + "}\n  policyTypes: [Ingress, Egress]\n");
    }
    peer(nodes, "world", "outside world / ingress", null, "World", "world");
    peer(nodes, DNS, "kube-dns", "kube-system", "Service", "service");

    ArrayNode edges = doc.putArray("edges");
    Map<String, Integer> byStatus = new LinkedHashMap<>();
    int namespaces = namespaces(workloads);
    for (int i = 0; i < workloads; i++) {
      int ns = i / PER_NAMESPACE;
      int first = ns * PER_NAMESPACE;
      int size = Math.min(PER_NAMESPACE, workloads - first);
      int next = first + (i - first + 1) % size;
      if (next != i) {
        edge(edges, byStatus, workloadId(i), workloadId(next), "required", "8080", "TCP");
      }
      if (namespaces > 1) {
        int otherFirst = ((ns + 1) % namespaces) * PER_NAMESPACE;
        int otherSize = Math.min(PER_NAMESPACE, workloads - otherFirst);
        String status = CROSS_STATUSES.get(i % CROSS_STATUSES.size());
        edge(
            edges,
            byStatus,
            workloadId(i),
            workloadId(otherFirst + (i * 7) % otherSize),
            status,
            "5432",
            "TCP");
      }
      if (i % 5 == 0) {
        edge(edges, byStatus, workloadId(i), DNS, "unverified", "53", "UDP");
      }
      if (i == first) {
        edge(edges, byStatus, "world", workloadId(i), "required", "8080", "TCP");
      }
    }
    doc.set("legend", legend());
    ObjectNode summary = doc.putObject("summary");
    summary.put("workloads", workloads);
    summary.put("edges", edges.size());
    ObjectNode by = summary.putObject("byStatus");
    byStatus.forEach(by::put);
    try {
      return JSON.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The legend of the shop fixture: the same words for every status. */
  private static JsonNode legend() {
    try {
      return JSON.readTree(shop()).get("legend");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void peer(
      ArrayNode nodes, String id, String label, String namespace, String kind, String type) {
    ObjectNode n = nodes.addObject();
    n.put("id", id);
    n.put("label", label);
    n.put("namespace", namespace);
    n.put("kind", kind);
    n.put("type", type);
    n.putNull("segment");
    n.putObject("labels");
    n.putArray("dnsNames");
    n.putArray("policies");
  }

  private static void edge(
      ArrayNode edges,
      Map<String, Integer> byStatus,
      String source,
      String target,
      String status,
      String port,
      String protocol) {
    boolean observed = edges.size() % 3 == 0;
    ObjectNode e = edges.addObject();
    e.put("id", "e" + (edges.size()));
    e.put("source", source);
    e.put("target", target);
    e.put("status", status);
    e.put("observed", observed);
    ObjectNode p = e.putArray("ports").addObject();
    p.put("protocol", protocol);
    p.put("port", port);
    p.put("status", status);
    p.put("observed", observed);
    p.putArray("provenance").add("manifest: Deployment " + source + " env PEER: " + target);
    p.put("explanation", status + ": synthetic connection " + source + " -> " + target);
    byStatus.merge(status, 1, Integer::sum);
  }
}
