package dev.netseg.map;

import dev.netseg.connectivity.ConnectivityAnalysis;
import dev.netseg.connectivity.ConnectivityLine;
import dev.netseg.connectivity.ExternalEnd;
import dev.netseg.connectivity.WorkloadConnectivity;
import dev.netseg.model.Peer;
import dev.netseg.model.Provenance;
import dev.netseg.model.RequiredFlow;
import dev.netseg.policy.ConnectionSet;
import dev.netseg.policy.Endpoint;
import dev.netseg.policy.LabelSelectors;
import dev.netseg.policy.PortRange;
import dev.netseg.policy.Protocol;
import dev.netseg.segment.FlowDecision;
import dev.netseg.synth.PolicyYaml;
import dev.netseg.workload.Workload;
import dev.netseg.workload.WorkloadRef;
import inet.ipaddr.IPAddressSeqRange;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Draws the map: every workload, every flow the application needs (allowed, blocked, refused or
 * held), and every connection the policies allow that nothing needs. Required ports come from the
 * flows; allowed ones from {@link ConnectivityAnalysis}, so the map's edges are exactly the pairs
 * of {@code generate -o json}'s flows and refused flows and of {@code connectivity -o json}'s
 * lines; every explanation is the engine's, in {@code connectivity --explain}'s words. Pure.
 */
public final class MapBuilder {
  /** The node of the whole address space, IPv4 and IPv6 together: where exposure comes from. */
  public static final String WORLD = "world";

  /**
   * @throws dev.netseg.policy.InvalidPolicyException for a policy the API server would reject
   */
  public MapDocument build(MapInput input) {
    WorkloadConnectivity view = WorkloadConnectivity.of(input.judged(), input.standIns());
    Map<String, MapNode> nodes = new TreeMap<>();
    for (Workload w : view.workloads()) {
      nodes.put(w.ref().toString(), workloadNode(w, input));
    }
    Map<EdgeKey, Map<PortKey, PortFacts>> edges = new TreeMap<>();
    Map<List<String>, HeldFlow> held = new LinkedHashMap<>();
    for (HeldFlow h : input.held()) {
      held.putIfAbsent(heldKey(h.source(), h.destination(), h.protocol(), h.port()), h);
    }
    for (RequiredFlow f : input.required()) {
      HeldFlow hold =
          held.get(
              heldKey(
                  f.source().toString(),
                  f.destination().toString(),
                  f.protocol().name(),
                  f.port()));
      EdgeStatus status;
      String explanation;
      Optional<Endpoint> src = endpoint(view, f.source());
      Optional<Endpoint> dst = endpoint(view, f.destination());
      if (src.isEmpty() || dst.isEmpty()) {
        status = EdgeStatus.UNVERIFIED;
        explanation =
            "not evaluated: "
                + (src.isEmpty() ? f.source() : f.destination())
                + " is not in the input, so no pod stands for it";
      } else {
        boolean allowed = view.allows(src.get(), dst.get(), f.protocol(), f.port());
        explanation = view.explain(src.get(), dst.get(), f.protocol(), f.port());
        status = allowed ? EdgeStatus.REQUIRED : EdgeStatus.OUTAGE;
      }
      if (hold != null) {
        status = EdgeStatus.HELD;
        explanation =
            "held by the safety gate"
                + (hold.hold() == null || hold.hold().isBlank() ? "" : " (" + hold.hold() + ")")
                + ": the proposal would block this flow in use; "
                + explanation;
      }
      add(edges, nodes, f.source(), f.destination(), f, status, explanation);
    }
    for (FlowDecision d : input.refused()) {
      RequiredFlow f = d.flow();
      Optional<Endpoint> src = endpoint(view, f.source());
      Optional<Endpoint> dst = endpoint(view, f.destination());
      String engine =
          src.isPresent() && dst.isPresent()
              ? "; the policies: " + view.explain(src.get(), dst.get(), f.protocol(), f.port())
              : "";
      add(edges, nodes, f.source(), f.destination(), f, EdgeStatus.REFUSED, d.reason() + engine);
    }
    addHoles(view, nodes, edges);
    input.focus().ifPresent(ns -> focus(ns, nodes, edges));
    return document(input, nodes, edges);
  }

  private static List<String> heldKey(
      String source, String destination, String protocol, int port) {
    return List.of(source, destination, protocol, Integer.toString(port));
  }

  /**
   * Keeps the edges with an end in {@code namespace}, and the nodes of that namespace and at the
   * other end of a kept edge.
   */
  private static void focus(
      String namespace, Map<String, MapNode> nodes, Map<EdgeKey, Map<PortKey, PortFacts>> edges) {
    edges
        .keySet()
        .removeIf(
            k ->
                !namespace.equals(nodes.get(k.source()).namespace())
                    && !namespace.equals(nodes.get(k.target()).namespace()));
    Set<String> ends = new HashSet<>();
    edges.keySet().forEach(k -> ends.addAll(List.of(k.source(), k.target())));
    nodes.values().removeIf(n -> !namespace.equals(n.namespace()) && !ends.contains(n.id()));
  }

  private static MapNode workloadNode(Workload w, MapInput input) {
    WorkloadRef ref = w.ref();
    Map<String, String> labels =
        w.template().getMetadata() == null || w.template().getMetadata().getLabels() == null
            ? Map.of()
            : w.template().getMetadata().getLabels();
    List<MapNode.NamedPolicy> policies = new ArrayList<>();
    for (NetworkPolicy p : input.judged().networkPolicies()) {
      if (ref.namespace().equals(p.getMetadata().getNamespace())
          && p.getSpec() != null
          && LabelSelectors.matches(p.getSpec().getPodSelector(), labels)) {
        policies.add(
            new MapNode.NamedPolicy(
                p.getMetadata().getNamespace() + "/" + p.getMetadata().getName(),
                PolicyYaml.render(p)));
      }
    }
    return new MapNode(
        ref.toString(),
        ref.name(),
        ref.namespace(),
        ref.kind(),
        NodeType.WORKLOAD,
        input.zones().get(ref),
        labels,
        List.of(),
        policies);
  }

  private static Optional<Endpoint> endpoint(WorkloadConnectivity view, Peer peer) {
    if (peer instanceof Peer.ExternalPeer e) {
      return Optional.of(new Endpoint.Address(e.cidr().getLower()));
    }
    return view.endpoint(((Peer.WorkloadPeer) peer).workload());
  }

  /** Adds one flow's port to its edge, creating the nodes of its ends that are not workloads. */
  private static void add(
      Map<EdgeKey, Map<PortKey, PortFacts>> edges,
      Map<String, MapNode> nodes,
      Peer source,
      Peer destination,
      RequiredFlow flow,
      EdgeStatus status,
      String explanation) {
    String s = node(nodes, source);
    String d = node(nodes, destination);
    boolean observed =
        flow.provenance().stream().anyMatch(p -> p.source() == Provenance.Source.OBSERVED);
    PortKey port = new PortKey(flow.protocol().name(), Integer.toString(flow.port()), status);
    edges
        .computeIfAbsent(new EdgeKey(s, d), k -> new TreeMap<>())
        .computeIfAbsent(port, k -> new PortFacts())
        .add(observed, flow.provenance().stream().map(Provenance::toString).toList(), explanation);
  }

  /** The id of a peer's node, created when it is not a workload of the input. */
  private static String node(Map<String, MapNode> nodes, Peer peer) {
    if (peer instanceof Peer.ExternalPeer e) {
      IPAddressSeqRange range = e.cidr().toSequentialRange();
      String id = externalId(range);
      MapNode existing = nodes.get(id);
      List<String> names = new ArrayList<>(existing == null ? List.of() : existing.dnsNames());
      e.dnsNames().stream().filter(n -> !names.contains(n)).forEach(names::add);
      nodes.put(id, externalNode(id, range, names));
      return id;
    }
    WorkloadRef ref = ((Peer.WorkloadPeer) peer).workload();
    String id = ref.toString();
    nodes.computeIfAbsent(
        id,
        k ->
            new MapNode(
                id,
                ref.name(),
                ref.namespace(),
                ref.kind(),
                NodeType.SERVICE,
                null,
                Map.of(),
                List.of(),
                List.of()));
    return id;
  }

  private static boolean wholeSpace(IPAddressSeqRange range) {
    return range.getLower().isZero() && range.getUpper().isMax();
  }

  private static String externalId(IPAddressSeqRange range) {
    return wholeSpace(range) ? WORLD : ExternalEnd.format(range);
  }

  private static MapNode externalNode(String id, IPAddressSeqRange range, List<String> dnsNames) {
    if (id.equals(WORLD)) {
      return new MapNode(
          WORLD,
          "outside world",
          null,
          "World",
          NodeType.WORLD,
          null,
          Map.of(),
          List.of(),
          List.of());
    }
    String cidr =
        range.spanWithPrefixBlocks().length == 1
            ? range.spanWithPrefixBlocks()[0].toCanonicalString()
            : id.substring(0, id.length() - "[External]".length());
    String label = dnsNames.isEmpty() ? cidr : String.join(", ", dnsNames) + " (" + cidr + ")";
    return new MapNode(
        id, label, null, "External", NodeType.EXTERNAL, null, Map.of(), dnsNames, List.of());
  }

  /**
   * Adds what the policies allow beyond the flows: for each line of the connectivity analysis, the
   * allowed ports no flow of its edge names.
   */
  private static void addHoles(
      WorkloadConnectivity view,
      Map<String, MapNode> nodes,
      Map<EdgeKey, Map<PortKey, PortFacts>> edges) {
    Map<String, Workload> workloads = new LinkedHashMap<>();
    view.workloads().forEach(w -> workloads.put(w.ref().toString(), w));
    for (ConnectivityLine line : new ConnectivityAnalysis(false).analyze(view)) {
      Optional<IPAddressSeqRange> srcRange = ExternalEnd.parse(line.source());
      Optional<IPAddressSeqRange> dstRange = ExternalEnd.parse(line.destination());
      String s = srcRange.map(r -> externalNode(nodes, r)).orElse(line.source());
      String d = dstRange.map(r -> externalNode(nodes, r)).orElse(line.destination());
      Map<PortKey, PortFacts> ports = edges.getOrDefault(new EdgeKey(s, d), Map.of());
      ConnectionSet extra = line.connections();
      for (PortKey p : ports.keySet()) {
        Optional<Protocol> protocol = Protocol.parse(p.protocol());
        if (protocol.isPresent() && p.status() != EdgeStatus.HOLE) {
          int port = Integer.parseInt(p.port());
          extra = extra.minus(ConnectionSet.of(protocol.get(), port, port));
        }
      }
      if (extra.isEmpty()) {
        continue;
      }
      Endpoint src =
          srcRange
              .<Endpoint>map(r -> new Endpoint.Address(r.getLower()))
              .orElseGet(() -> view.endpoint(workloads.get(line.source()).ref()).orElseThrow());
      Endpoint dst =
          dstRange
              .<Endpoint>map(r -> new Endpoint.Address(r.getLower()))
              .orElseGet(
                  () -> view.endpoint(workloads.get(line.destination()).ref()).orElseThrow());
      Map<PortKey, PortFacts> edge = edges.computeIfAbsent(new EdgeKey(s, d), k -> new TreeMap<>());
      for (Map.Entry<Protocol, List<PortRange>> e : extra.ranges().entrySet()) {
        for (PortRange r : e.getValue()) {
          String port =
              r.from() == PortRange.MIN_PORT && r.to() == PortRange.MAX_PORT
                  ? "all"
                  : r.from() == r.to() ? Integer.toString(r.from()) : r.from() + "-" + r.to();
          edge.computeIfAbsent(
                  new PortKey(e.getKey().name(), port, EdgeStatus.HOLE), k -> new PortFacts())
              .add(false, List.of(), view.explain(src, dst, e.getKey(), r.from()));
        }
      }
    }
  }

  private static String externalNode(Map<String, MapNode> nodes, IPAddressSeqRange range) {
    String id = externalId(range);
    nodes.computeIfAbsent(id, k -> externalNode(id, range, List.of()));
    return id;
  }

  private static MapDocument document(
      MapInput input, Map<String, MapNode> nodes, Map<EdgeKey, Map<PortKey, PortFacts>> edges) {
    List<MapEdge> out = new ArrayList<>();
    Map<EdgeStatus, Integer> counts = new EnumMap<>(EdgeStatus.class);
    for (Map.Entry<EdgeKey, Map<PortKey, PortFacts>> e : edges.entrySet()) {
      List<MapPort> ports = new ArrayList<>();
      EdgeStatus status = EdgeStatus.REQUIRED;
      boolean observed = false;
      for (Map.Entry<PortKey, PortFacts> p : e.getValue().entrySet()) {
        PortFacts facts = p.getValue();
        ports.add(
            new MapPort(
                p.getKey().protocol(),
                p.getKey().port(),
                p.getKey().status(),
                facts.observed,
                List.copyOf(facts.provenance),
                String.join("\n", facts.explanations)));
        status = EdgeStatus.worst(status, p.getKey().status());
        observed |= facts.observed;
      }
      counts.merge(status, 1, Integer::sum);
      out.add(
          new MapEdge(
              "e" + (out.size() + 1),
              e.getKey().source(),
              e.getKey().target(),
              status,
              observed,
              ports));
    }
    List<MapDocument.LegendEntry> legend = new ArrayList<>();
    for (EdgeStatus s : EdgeStatus.values()) {
      legend.add(new MapDocument.LegendEntry(s.id(), s.label(), s.description()));
    }
    legend.add(
        new MapDocument.LegendEntry(
            "observed",
            "observed on the wire",
            "a collector saw this connection (any status; a dot where it starts)"));
    Map<String, Integer> byStatus = new LinkedHashMap<>();
    counts.forEach((s, n) -> byStatus.put(s.id(), n));
    int workloads =
        (int) nodes.values().stream().filter(n -> n.type() == NodeType.WORKLOAD).count();
    return new MapDocument(
        input.title(),
        input.zones().isEmpty() ? List.of("namespace") : List.of("segment", "namespace"),
        List.copyOf(nodes.values()),
        out,
        legend,
        new MapDocument.Summary(workloads, nodes.size(), out.size(), byStatus));
  }

  private record EdgeKey(String source, String target) implements Comparable<EdgeKey> {
    @Override
    public int compareTo(EdgeKey o) {
      int c = source.compareTo(o.source);
      return c != 0 ? c : target.compareTo(o.target);
    }
  }

  /** Ports sort by protocol, then numerically, then by status. */
  private record PortKey(String protocol, String port, EdgeStatus status)
      implements Comparable<PortKey> {
    @Override
    public int compareTo(PortKey o) {
      int c = protocol.compareTo(o.protocol);
      if (c != 0) {
        return c;
      }
      c = Integer.compare(first(port), first(o.port));
      return c != 0 ? c : status.compareTo(o.status);
    }

    private static int first(String port) {
      if (port.equals("all")) {
        return 0;
      }
      int dash = port.indexOf('-');
      return Integer.parseInt(dash < 0 ? port : port.substring(0, dash));
    }
  }

  /** What several flows on one port of an edge say together. */
  private static final class PortFacts {
    private boolean observed;
    private final Set<String> provenance = new LinkedHashSet<>();
    private final Set<String> explanations = new LinkedHashSet<>();

    void add(boolean seen, List<String> evidence, String explanation) {
      observed |= seen;
      provenance.addAll(evidence);
      explanations.add(explanation);
    }
  }
}
