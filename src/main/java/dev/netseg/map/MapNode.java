package dev.netseg.map;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One node of the map: a workload of the input, a Service outside it, an external range, or the
 * whole outside world.
 *
 * @param id the name {@code connectivity} and {@code generate -o json} use: {@code ns/name[Kind]},
 *     {@code first-last[External]}; {@value MapBuilder#WORLD} for the whole address space (IPv4 and
 *     IPv6 together)
 * @param namespace null for external nodes
 * @param segment the workload's zone when segments were given, else null
 * @param policies the policies that select the workload, each as YAML
 */
public record MapNode(
    String id,
    String label,
    String namespace,
    String kind,
    NodeType type,
    String segment,
    Map<String, String> labels,
    List<String> dnsNames,
    List<NamedPolicy> policies) {
  public MapNode {
    Objects.requireNonNull(id, "id");
    labels = Map.copyOf(labels);
    dnsNames = List.copyOf(dnsNames);
    policies = List.copyOf(policies);
  }

  /** A NetworkPolicy by {@code namespace/name}, as YAML. */
  public record NamedPolicy(String name, String yaml) {}
}
