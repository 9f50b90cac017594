package dev.netseg.dataplane;

import static dev.netseg.dataplane.KubeRouterDeviation.BOTH_TYPES_POLICY_RULES_APPLY_IN_BOTH_DIRECTIONS;
import static dev.netseg.dataplane.KubeRouterDeviation.EGRESS_NAMED_PORT_IGNORED_FOR_IPBLOCK;
import static dev.netseg.dataplane.KubeRouterDeviation.EGRESS_NAMED_PORT_RESOLVED_IN_POLICY_NAMESPACE;
import static dev.netseg.dataplane.KubeRouterDeviation.IPBLOCK_EXCEPT_APPLIES_TO_OTHER_PEERS_OF_THE_RULE;
import static dev.netseg.dataplane.KubeRouterDeviation.NAMED_PORT_IP_LISTS_SHARED_BETWEEN_PODS;
import static dev.netseg.dataplane.KubeRouterDeviation.POD_TO_OWN_NODE_NEEDS_EGRESS_RULE;
import static dev.netseg.dataplane.KubeRouterDeviation.UNRESOLVED_NAMED_PORTS_ALLOW_ALL_PORTS;

import dev.netseg.policy.ClusterSnapshot;
import dev.netseg.policy.Connection;
import dev.netseg.policy.Endpoint;
import dev.netseg.policy.LabelSelectors;
import dev.netseg.policy.Protocol;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What kube-router v2.1.0's network policy controller lets through, on the dataplane's one node
 * (IPv4, every pod local, none hostNetwork), written after its iptables layout: a pod's firewall
 * chain is traversed for traffic from it and for traffic to it, and must mark the packet; a policy
 * that selects the pod marks it when one of its rules matches. Each {@link KubeRouterDeviation} can
 * be switched on or off; with none, the model decides as the Kubernetes documentation does (and
 * must agree with {@code PolicyEngine}: {@code KubeRouterModelTest}).
 */
final class KubeRouterModel {
  private final Set<KubeRouterDeviation> deviations;
  private final IPAddress nodeIp;
  private final Map<String, Map<String, String>> namespaceLabels = new HashMap<>();
  private final List<PodView> pods = new ArrayList<>();
  private final List<PolicyView> policies = new ArrayList<>();

  KubeRouterModel(ClusterSnapshot snapshot, String nodeIp, Set<KubeRouterDeviation> deviations) {
    this.deviations = deviations.isEmpty() ? Set.of() : EnumSet.copyOf(deviations);
    this.nodeIp = address(nodeIp);
    for (Namespace n : snapshot.namespaces()) {
      Map<String, String> labels = new HashMap<>();
      if (n.getMetadata().getLabels() != null) {
        labels.putAll(n.getMetadata().getLabels());
      }
      labels.put("kubernetes.io/metadata.name", n.getMetadata().getName());
      namespaceLabels.put(n.getMetadata().getName(), labels);
    }
    for (Pod p : snapshot.pods()) {
      if (p.getStatus() != null && p.getStatus().getPodIP() != null) {
        pods.add(PodView.of(p));
      }
    }
    for (NetworkPolicy p : snapshot.policies()) {
      policies.add(new PolicyView(p));
    }
  }

  /** With every deviation: kube-router v2.1.0 as it is. */
  static KubeRouterModel asItIs(ClusterSnapshot snapshot, String nodeIp) {
    return new KubeRouterModel(snapshot, nodeIp, EnumSet.allOf(KubeRouterDeviation.class));
  }

  /** What kube-router lets through; {@link Possible#EITHER} where it depends on a sync's order. */
  Possible allows(Connection c) {
    Optional<PodView> src = pod(c.source());
    Optional<PodView> dst = pod(c.destination());
    IPAddress srcIp = ip(c.source(), src);
    IPAddress dstIp = ip(c.destination(), dst);
    if (src.isPresent() && dst.isPresent() && src.get() == dst.get()) {
      return Possible.ALLOWED;
    }
    Possible egress = src.isEmpty() ? Possible.ALLOWED : egressAllows(src.get(), dst, dstIp, c);
    Possible ingress = dst.isEmpty() ? Possible.ALLOWED : ingressAllows(src, srcIp, dst.get(), c);
    return egress.and(ingress);
  }

  /**
   * Why this connection's verdict is not the documented one: the deviations that, each switched on
   * alone over the documented semantics, give it; if none does on its own, those that, each
   * switched off alone, change it; if neither, all of them together. Empty when the verdict is the
   * documented one.
   */
  Set<KubeRouterDeviation> explain(Connection c) {
    Possible actual = allows(c);
    if (with(Set.of()).allows(c) == actual) {
      return Set.of();
    }
    Set<KubeRouterDeviation> out = EnumSet.noneOf(KubeRouterDeviation.class);
    for (KubeRouterDeviation d : deviations) {
      if (with(Set.of(d)).allows(c) == actual) {
        out.add(d);
      }
    }
    if (out.isEmpty()) {
      for (KubeRouterDeviation d : deviations) {
        Set<KubeRouterDeviation> without = EnumSet.copyOf(deviations);
        without.remove(d);
        if (with(without).allows(c) != actual) {
          out.add(d);
        }
      }
    }
    return out.isEmpty() ? EnumSet.copyOf(deviations) : out;
  }

  private KubeRouterModel with(Set<KubeRouterDeviation> only) {
    return new KubeRouterModel(this, only);
  }

  private KubeRouterModel(KubeRouterModel base, Set<KubeRouterDeviation> deviations) {
    this.deviations = deviations.isEmpty() ? Set.of() : EnumSet.copyOf(deviations);
    this.nodeIp = base.nodeIp;
    this.namespaceLabels.putAll(base.namespaceLabels);
    this.pods.addAll(base.pods);
    this.policies.addAll(base.policies);
  }

  // ---- the two firewall chain traversals ------------------------------------------------------

  /** The source pod's chain, for traffic it sends. */
  private Possible egressAllows(PodView s, Optional<PodView> d, IPAddress dstIp, Connection c) {
    if (d.isEmpty()
        && dstIp.equals(nodeIp)
        && !deviations.contains(POD_TO_OWN_NODE_NEEDS_EGRESS_RULE)) {
      return Possible.ALLOWED; // documented: traffic to the pod's node is always allowed
    }
    boolean isolated = false;
    Possible allowed = Possible.DENIED;
    for (PolicyView p : policies) {
      if (!p.selects(s)) {
        continue;
      }
      if (p.egress) {
        isolated = true;
        for (Rule r : p.egressRules) {
          allowed = allowed.or(egressRuleMatches(p, r, d, dstIp, c));
        }
      }
      if (p.egress && p.ingress && both() && d.isPresent() && p.selects(d.get())) {
        for (Rule r : p.ingressRules) {
          allowed = allowed.or(ingressRuleMatches(p, r, Optional.of(s), s.ip(), d.get(), c));
        }
      }
    }
    return isolated ? allowed : Possible.ALLOWED;
  }

  /** The destination pod's chain, for traffic it receives. */
  private Possible ingressAllows(Optional<PodView> s, IPAddress srcIp, PodView d, Connection c) {
    if (s.isEmpty() && srcIp.equals(nodeIp)) {
      return Possible.ALLOWED; // kube-router and the documentation: from the pod's node, always
    }
    boolean isolated = false;
    Possible allowed = Possible.DENIED;
    for (PolicyView p : policies) {
      if (!p.selects(d)) {
        continue;
      }
      if (p.ingress) {
        isolated = true;
        for (Rule r : p.ingressRules) {
          allowed = allowed.or(ingressRuleMatches(p, r, s, srcIp, d, c));
        }
      }
      if (p.egress && p.ingress && both() && s.isPresent() && p.selects(s.get())) {
        for (Rule r : p.egressRules) {
          allowed = allowed.or(egressRuleMatches(p, r, Optional.of(d), d.ip(), c));
        }
      }
    }
    return isolated ? allowed : Possible.ALLOWED;
  }

  private boolean both() {
    return deviations.contains(BOTH_TYPES_POLICY_RULES_APPLY_IN_BOTH_DIRECTIONS);
  }

  // ---- rules ----------------------------------------------------------------------------------

  /** An ingress rule of {@code p} (which selects {@code d}) against the connection. */
  private Possible ingressRuleMatches(
      PolicyView p, Rule r, Optional<PodView> s, IPAddress srcIp, PodView d, Connection c) {
    List<PodView> targets = p.targets();
    if (r.peers.isEmpty()) {
      return portsMatch(r.ports, c, d, targets);
    }
    Possible out = Possible.DENIED;
    if (s.isPresent() && r.podPeers().stream().anyMatch(peer -> peerSelects(p, peer, s.get()))) {
      out = failOpen(r, targets) ? Possible.ALLOWED : portsMatch(r.ports, c, d, targets);
    }
    if (inBlocks(r, srcIp)) {
      out = out.or(portsMatch(r.ports, c, d, targets));
    }
    return out;
  }

  /** An egress rule of {@code p} (which selects the source) against the connection. */
  private Possible egressRuleMatches(
      PolicyView p, Rule r, Optional<PodView> d, IPAddress dstIp, Connection c) {
    if (r.peers.isEmpty()) {
      if (deviations.contains(EGRESS_NAMED_PORT_RESOLVED_IN_POLICY_NAMESPACE)) {
        return Possible.of(
            r.ports.isEmpty()
                || r.ports.stream().anyMatch(port -> portMatchesInNamespace(port, c, p.namespace)));
      }
      return d.isPresent()
          ? portsMatch(r.ports, c, d.get(), List.of(d.get()))
          : Possible.of(
              r.ports.isEmpty()
                  || r.ports.stream().anyMatch(port -> !isNamed(port) && numericMatches(port, c)));
    }
    Possible out = Possible.DENIED;
    if (d.isPresent() && r.podPeers().stream().anyMatch(peer -> peerSelects(p, peer, d.get()))) {
      List<PodView> candidates =
          pods.stream()
              .filter(q -> r.podPeers().stream().anyMatch(pp -> peerSelects(p, pp, q)))
              .toList();
      out =
          failOpen(r, candidates) ? Possible.ALLOWED : portsMatch(r.ports, c, d.get(), candidates);
    }
    if (inBlocks(r, dstIp)) {
      if (r.ports.isEmpty()) {
        return Possible.ALLOWED;
      }
      boolean numeric =
          r.ports.stream().anyMatch(port -> !isNamed(port) && numericMatches(port, c));
      if (numeric) {
        return Possible.ALLOWED;
      }
      if (!deviations.contains(EGRESS_NAMED_PORT_IGNORED_FOR_IPBLOCK) && d.isPresent()) {
        out = out.or(portsMatch(r.ports, c, d.get(), List.of(d.get())));
      }
    }
    return out;
  }

  /**
   * kube-router resolves a rule's named ports on {@code candidates}; when the rule has ports, all
   * named, and none resolves, it is left with no ports at all and allows every port.
   */
  private boolean failOpen(Rule r, List<PodView> candidates) {
    if (!deviations.contains(UNRESOLVED_NAMED_PORTS_ALLOW_ALL_PORTS) || r.ports.isEmpty()) {
      return false;
    }
    for (NetworkPolicyPort port : r.ports) {
      if (!isNamed(port)) {
        return false;
      }
      for (PodView q : candidates) {
        if (q.namedPort(port.getPort().getStrVal(), protocol(port)).isPresent()) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * A rule's ports against the connection to pod {@code d}, named ports resolved on {@code d} among
   * the {@code candidates} kube-router resolves them on.
   */
  private Possible portsMatch(
      List<NetworkPolicyPort> ports, Connection c, PodView d, List<PodView> candidates) {
    if (ports.isEmpty()) {
      return Possible.ALLOWED;
    }
    Possible out = Possible.DENIED;
    for (NetworkPolicyPort port : ports) {
      if (!isNamed(port)) {
        if (numericMatches(port, c)) {
          return Possible.ALLOWED;
        }
      } else if (protocol(port) == c.protocol()) {
        out = out.or(namedPortServed(d, port.getPort().getStrVal(), c, candidates));
      }
    }
    return out;
  }

  /** Whether kube-router takes pod {@code d} to serve the named port at the connection's port. */
  private Possible namedPortServed(PodView d, String name, Connection c, List<PodView> candidates) {
    Triple wanted = new Triple(name, c.protocol().name(), c.port());
    if (d.triples().contains(wanted)) {
      return Possible.ALLOWED;
    }
    if (deviations.contains(NAMED_PORT_IP_LISTS_SHARED_BETWEEN_PODS)) {
      // Another candidate serves the wanted triple and shares a triple with d: when it comes
      // first, d's IP is appended to its one list, the wanted triple's too.
      for (PodView a : candidates) {
        if (a != d
            && a.triples().contains(wanted)
            && a.triples().stream().anyMatch(d.triples()::contains)) {
          return Possible.EITHER;
        }
      }
    }
    return Possible.DENIED;
  }

  /** A numeric or protocol-only port entry against the connection. */
  private static boolean numericMatches(NetworkPolicyPort port, Connection c) {
    if (protocol(port) != c.protocol()) {
      return false;
    }
    if (port.getPort() == null) {
      return true;
    }
    int from = port.getPort().getIntVal();
    int to = port.getEndPort() == null ? from : port.getEndPort();
    return c.port() >= from && c.port() <= to;
  }

  /** A port entry resolved on any pod of the namespace, allowed to any destination. */
  private boolean portMatchesInNamespace(NetworkPolicyPort port, Connection c, String namespace) {
    if (!isNamed(port)) {
      return numericMatches(port, c);
    }
    Triple wanted = new Triple(port.getPort().getStrVal(), protocol(port).name(), c.port());
    return protocol(port) == c.protocol()
        && pods.stream()
            .filter(q -> q.namespace().equals(namespace))
            .anyMatch(q -> q.triples().contains(wanted));
  }

  private static boolean isNamed(NetworkPolicyPort port) {
    return port.getPort() != null && port.getPort().getStrVal() != null;
  }

  private static Protocol protocol(NetworkPolicyPort port) {
    return Protocol.parse(port.getProtocol() == null ? "TCP" : port.getProtocol()).orElseThrow();
  }

  // ---- peers ----------------------------------------------------------------------------------

  private boolean peerSelects(PolicyView p, NetworkPolicyPeer peer, PodView pod) {
    if (peer.getNamespaceSelector() != null) {
      Map<String, String> labels = namespaceLabels.getOrDefault(pod.namespace(), Map.of());
      return LabelSelectors.matches(peer.getNamespaceSelector(), labels)
          && (peer.getPodSelector() == null
              || LabelSelectors.matches(peer.getPodSelector(), pod.labels()));
    }
    return pod.namespace().equals(p.namespace)
        && LabelSelectors.matches(peer.getPodSelector(), pod.labels());
  }

  /** Whether {@code ip} is in the rule's ipBlock peers. */
  private boolean inBlocks(Rule r, IPAddress ip) {
    List<IPBlock> blocks = r.blocks();
    if (blocks.isEmpty()) {
      return false;
    }
    if (!deviations.contains(IPBLOCK_EXCEPT_APPLIES_TO_OTHER_PEERS_OF_THE_RULE)) {
      for (IPBlock b : blocks) {
        if (contains(b.getCidr(), ip)
            && (b.getExcept() == null || b.getExcept().stream().noneMatch(e -> contains(e, ip)))) {
          return true;
        }
      }
      return false;
    }
    // One hash:net set, entries added in order (a re-added entry takes the new nomatch flag);
    // the longest prefix holding the address decides. A /0 is stored as two /1.
    Map<String, Boolean> entries = new java.util.LinkedHashMap<>();
    for (IPBlock b : blocks) {
      halves(b.getCidr()).forEach(cidr -> entries.put(cidr, true));
      if (b.getExcept() != null) {
        b.getExcept().forEach(e -> halves(e).forEach(cidr -> entries.put(cidr, false)));
      }
    }
    int best = -1;
    boolean match = false;
    for (Map.Entry<String, Boolean> e : entries.entrySet()) {
      IPAddress block = new IPAddressString(e.getKey()).getAddress();
      if (block.toPrefixBlock().contains(ip) && block.getNetworkPrefixLength() > best) {
        best = block.getNetworkPrefixLength();
        match = e.getValue();
      }
    }
    return match;
  }

  private static List<String> halves(String cidr) {
    return cidr.endsWith("/0") ? List.of("0.0.0.0/1", "128.0.0.0/1") : List.of(cidr);
  }

  private static boolean contains(String cidr, IPAddress ip) {
    return new IPAddressString(cidr).getAddress().toPrefixBlock().contains(ip);
  }

  // ---- endpoints ------------------------------------------------------------------------------

  private Optional<PodView> pod(Endpoint e) {
    if (e instanceof Endpoint.PodRef ref) {
      return pods.stream()
          .filter(p -> p.namespace().equals(ref.namespace()) && p.name().equals(ref.name()))
          .findFirst();
    }
    IPAddress ip = ((Endpoint.Address) e).ip();
    return pods.stream().filter(p -> p.ip().equals(ip)).findFirst();
  }

  private static IPAddress ip(Endpoint e, Optional<PodView> pod) {
    return pod.map(PodView::ip).orElseGet(() -> ((Endpoint.Address) e).ip());
  }

  private static IPAddress address(String ip) {
    return new IPAddressString(ip).getAddress();
  }

  /** A running pod: where it is, its labels and its named container ports. */
  record PodView(
      String namespace,
      String name,
      Map<String, String> labels,
      IPAddress ip,
      List<ContainerPort> ports) {
    static PodView of(Pod p) {
      List<ContainerPort> ports = new ArrayList<>();
      for (Container c : p.getSpec().getContainers()) {
        if (c.getPorts() != null) {
          ports.addAll(c.getPorts());
        }
      }
      return new PodView(
          p.getMetadata().getNamespace(),
          p.getMetadata().getName(),
          p.getMetadata().getLabels() == null ? Map.of() : p.getMetadata().getLabels(),
          address(p.getStatus().getPodIP()),
          ports);
    }

    /** Its named container ports as (name, protocol, number). */
    Set<Triple> triples() {
      Set<Triple> out = new java.util.LinkedHashSet<>();
      for (ContainerPort cp : ports) {
        if (cp.getName() != null && !cp.getName().isEmpty()) {
          out.add(
              new Triple(
                  cp.getName(),
                  cp.getProtocol() == null ? "TCP" : cp.getProtocol(),
                  cp.getContainerPort()));
        }
      }
      return out;
    }

    Optional<Integer> namedPort(String name, Protocol protocol) {
      return ports.stream()
          .filter(
              cp ->
                  name.equals(cp.getName())
                      && protocol
                          .name()
                          .equals(cp.getProtocol() == null ? "TCP" : cp.getProtocol()))
          .map(ContainerPort::getContainerPort)
          .findFirst();
    }
  }

  /** A named container port: name, protocol, number. */
  record Triple(String name, String protocol, int port) {}

  /** One ingress or egress rule: its peers ({@code from} or {@code to}) and ports. */
  record Rule(List<NetworkPolicyPeer> peers, List<NetworkPolicyPort> ports) {
    List<NetworkPolicyPeer> podPeers() {
      return peers.stream()
          .filter(p -> p.getPodSelector() != null || p.getNamespaceSelector() != null)
          .toList();
    }

    List<IPBlock> blocks() {
      return peers.stream()
          .filter(p -> p.getPodSelector() == null && p.getNamespaceSelector() == null)
          .map(NetworkPolicyPeer::getIpBlock)
          .filter(b -> b != null)
          .toList();
    }
  }

  /** A policy as kube-router reads it: its targets, its types (as stored) and its rules. */
  private final class PolicyView {
    final String namespace;
    final LabelSelector podSelector;
    final boolean ingress;
    final boolean egress;
    final List<Rule> ingressRules = new ArrayList<>();
    final List<Rule> egressRules = new ArrayList<>();

    PolicyView(NetworkPolicy p) {
      namespace = p.getMetadata().getNamespace();
      podSelector = p.getSpec().getPodSelector();
      List<String> types =
          p.getSpec().getPolicyTypes() == null ? List.of() : p.getSpec().getPolicyTypes();
      // The API server always stores policyTypes; kube-router reads an empty list as Ingress.
      egress = types.contains("Egress");
      ingress = types.contains("Ingress") || !egress;
      if (p.getSpec().getIngress() != null) {
        p.getSpec()
            .getIngress()
            .forEach(r -> ingressRules.add(new Rule(orEmpty(r.getFrom()), orEmpty(r.getPorts()))));
      }
      if (p.getSpec().getEgress() != null) {
        p.getSpec()
            .getEgress()
            .forEach(r -> egressRules.add(new Rule(orEmpty(r.getTo()), orEmpty(r.getPorts()))));
      }
    }

    boolean selects(PodView pod) {
      return pod.namespace().equals(namespace) && LabelSelectors.matches(podSelector, pod.labels());
    }

    List<PodView> targets() {
      return pods.stream().filter(this::selects).toList();
    }
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
