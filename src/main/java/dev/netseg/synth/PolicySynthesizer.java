package dev.netseg.synth;

import dev.netseg.infer.AllowEntry;
import dev.netseg.infer.Finding;
import dev.netseg.infer.Finding.Kind;
import dev.netseg.infer.Finding.Severity;
import dev.netseg.infer.SelectorPeer;
import dev.netseg.infer.WorkloadLookup;
import dev.netseg.model.Peer;
import dev.netseg.model.Provenance;
import dev.netseg.model.RequiredFlow;
import dev.netseg.policy.Protocol;
import dev.netseg.workload.SelectorProblem;
import dev.netseg.workload.Workload;
import dev.netseg.workload.WorkloadRef;
import dev.netseg.workload.WorkloadSelectorCheck;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Turns required flows into one least-privilege NetworkPolicy per workload.
 *
 * <p>Each policy selects its workload by the workload's stable selector and has one rule per peer
 * (the readable choice: "who may reach me, on what"; adding a peer adds a rule and rewrites no
 * other), with exactly the peer's required ports. Peers in the same namespace are a podSelector, in
 * another namespace a namespaceSelector on {@code kubernetes.io/metadata.name} AND a podSelector in
 * one peer, outside the cluster an ipBlock. Ingress ports are named where the workload's container
 * names them; egress ports are numbers (a name would be resolved on each destination pod). Rules,
 * peers and ports are sorted, so output depends only on the flows that touch the workload.
 */
public final class PolicySynthesizer {
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY = "netseg";
  public static final String PROFILE_LABEL = "netseg.dev/profile";
  public static final String JUSTIFICATION = "netseg.dev/justification";
  public static final String WORKLOAD_ANNOTATION = "netseg.dev/workload";
  public static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

  private final GeneratorOptions options;

  public PolicySynthesizer(GeneratorOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** One peer's ports, ascending, each with its evidence. */
  private static final class PeerRule {
    final Peer peer;

    /** The peer's slot when it is a workload or selector peer; null for an address range. */
    final Slot slot;

    final List<PortKey> ports = new ArrayList<>(2);
    final List<List<Provenance>> why = new ArrayList<>(2);

    PeerRule(Peer peer, Slot slot) {
      this.peer = peer;
      this.slot = slot;
    }
  }

  /**
   * A direction's rules, one per peer. Flows are fed sorted by (source, destination, protocol,
   * port), so one workload's peers, and each peer's ports, arrive in order and grouped: appending
   * keeps them sorted without maps or comparisons.
   */
  private static final class Rules {
    final List<PeerRule> byPeer = new ArrayList<>();

    void add(Peer peer, Slot slot, Protocol protocol, int port, List<Provenance> why) {
      PeerRule last = byPeer.isEmpty() ? null : byPeer.get(byPeer.size() - 1);
      if (last == null || (slot != null ? last.slot != slot : !last.peer.equals(peer))) {
        last = new PeerRule(peer, slot);
        byPeer.add(last);
      }
      PortKey key = new PortKey(protocol, port);
      int n = last.ports.size();
      if (n > 0 && last.ports.get(n - 1).equals(key)) {
        List<Provenance> merged = new ArrayList<>(last.why.get(n - 1));
        merged.addAll(why);
        last.why.set(n - 1, merged);
      } else {
        last.ports.add(key);
        last.why.add(why);
      }
    }
  }

  /** A known peer: its selector, and its rules when it gets a policy. */
  private static final class Slot {
    /** A sorted copy, so that each rule's copy of it is a linear TreeMap build. */
    final LabelSelector selector;

    final boolean governed;
    final Rules ingress = new Rules();
    final Rules egress = new Rules();

    /** This peer as rendered in its own namespace and elsewhere, built once and shared. */
    NetworkPolicyPeer local;

    NetworkPolicyPeer remote;

    String label;

    Slot(LabelSelector selector, boolean governed) {
      this.selector = copy(selector);
      this.governed = governed;
    }
  }

  /** Policies for every workload of the input. */
  public SynthesisResult synthesize(
      List<Workload> workloads, List<RequiredFlow> flows, List<SelectorPeer> selectorPeers) {
    return synthesize(workloads, flows, selectorPeers, w -> true);
  }

  /**
   * Policies for the workloads {@code governs} accepts (a profile's scope minus its exclusions);
   * the others are still known as peers, so rules naming them are exact.
   */
  public SynthesisResult synthesize(
      List<Workload> workloads,
      List<RequiredFlow> flows,
      List<SelectorPeer> selectorPeers,
      Predicate<Workload> governs) {
    return synthesize(workloads, flows, selectorPeers, governs, false);
  }

  /**
   * @param presorted the flows are already in {@link RequiredFlow}'s order (inference's are)
   */
  SynthesisResult synthesize(
      List<Workload> workloads,
      List<RequiredFlow> flows,
      List<SelectorPeer> selectorPeers,
      Predicate<Workload> governs,
      boolean presorted) {
    WorkloadLookup index = new WorkloadLookup(workloads);
    List<Finding> findings = new ArrayList<>();
    Map<WorkloadRef, List<SelectorProblem>> ambiguous = new TreeMap<>();
    for (SelectorProblem p : WorkloadSelectorCheck.check(index.all())) {
      ambiguous.computeIfAbsent(p.workload(), r -> new ArrayList<>()).add(p);
    }
    Set<WorkloadRef> ungoverned = new HashSet<>();
    for (Workload w : index.all()) {
      if (!governs.test(w)) {
        ungoverned.add(w.ref());
      }
    }
    ambiguous.keySet().removeAll(ungoverned);
    ambiguous.forEach(
        (ref, problems) ->
            findings.add(
                new Finding(
                    Severity.WARNING,
                    Kind.AMBIGUOUS_SELECTOR,
                    ref.kind() + " " + ref.namespace() + "/" + ref.name(),
                    "no policy: "
                        + String.join(
                            "; ", problems.stream().map(SelectorProblem::message).toList())
                        + (problems.stream()
                                .anyMatch(
                                    p -> p.type() == SelectorProblem.Type.SELECTS_OTHER_WORKLOADS)
                            ? "; rules of other policies that name it as a peer admit those pods too"
                            : ""))));

    // One slot per known peer: a lookup per flow side finds its selector and, when governed, its
    // rules.
    Map<WorkloadRef, Slot> slots = new HashMap<>();
    for (Workload w : index.all()) {
      boolean governed = !ambiguous.containsKey(w.ref()) && !ungoverned.contains(w.ref());
      slots.put(w.ref(), new Slot(w.selector(), governed));
    }
    for (SelectorPeer p : selectorPeers) {
      slots.putIfAbsent(p.ref(), new Slot(p.podSelector(), false));
    }
    // Flows usually carry the very WorkloadRef instances of the input: find those by identity.
    Map<WorkloadRef, Slot> byIdentity = new IdentityHashMap<>();
    Map<WorkloadRef, Integer> unknown = new TreeMap<>();
    List<RequiredFlow> sorted = flows;
    if (!presorted) {
      sorted = new ArrayList<>(flows);
      sorted.sort(null);
    }
    WorkloadRef lastSource = null;
    Slot sourceSlot = null;
    for (RequiredFlow f : sorted) {
      WorkloadRef src = ref(f.source());
      WorkloadRef dst = ref(f.destination());
      if (src != null && src != lastSource && !src.equals(lastSource)) {
        lastSource = src; // flows come grouped by source
        sourceSlot = slot(src, slots, byIdentity);
      }
      Slot from = src == null ? null : sourceSlot;
      Slot to = dst == null ? null : slot(dst, slots, byIdentity);
      if (src != null && from == null) {
        unknown.merge(src, 1, Integer::sum);
      }
      if (dst != null && to == null) {
        unknown.merge(dst, 1, Integer::sum);
      }
      if (to != null && to.governed && (src == null || from != null)) {
        to.ingress.add(f.source(), from, f.protocol(), f.port(), f.provenance());
      }
      if (!options.ingressOnly() && from != null && from.governed && (dst == null || to != null)) {
        from.egress.add(f.destination(), to, f.protocol(), f.port(), f.provenance());
      }
    }
    unknown.forEach(
        (ref, count) ->
            findings.add(
                new Finding(
                    Severity.WARNING,
                    Kind.UNKNOWN_PEER,
                    ref.toString(),
                    count
                        + " required flow(s) name this workload, which is not in the input: no"
                        + " rule for them")));

    List<WorkloadRef> governed =
        index.all().stream().map(Workload::ref).filter(r -> slots.get(r).governed).toList();
    Map<WorkloadRef, String> names = PolicyNames.assign(governed);
    List<GeneratedPolicy> policies = new ArrayList<>();
    Shared shared = new Shared();
    for (WorkloadRef ref : governed) {
      Workload w = index.get(ref).orElseThrow();
      policies.add(
          new GeneratedPolicy(
              Optional.of(ref), policy(w, names.get(ref), slots.get(ref), slots, shared)));
    }
    if (options.defaultDeny()) {
      new TreeSet<>(governed.stream().map(WorkloadRef::namespace).toList())
          .forEach(ns -> policies.add(new GeneratedPolicy(Optional.empty(), defaultDeny(ns))));
    }
    policies.sort(null);
    findings.sort(null);
    return new SynthesisResult(policies, findings);
  }

  private static Slot slot(
      WorkloadRef ref, Map<WorkloadRef, Slot> slots, Map<WorkloadRef, Slot> byIdentity) {
    Slot slot = byIdentity.get(ref);
    if (slot == null) {
      slot = slots.get(ref);
      if (slot != null) {
        byIdentity.put(ref, slot);
      }
    }
    return slot;
  }

  private static WorkloadRef ref(Peer p) {
    return p instanceof Peer.WorkloadPeer w ? w.workload() : null;
  }

  private NetworkPolicy policy(
      Workload w, String name, Slot slot, Map<WorkloadRef, Slot> slots, Shared shared) {
    Rules ingress = slot.ingress;
    Rules egress = slot.egress;
    String ns = w.ref().namespace();
    Justification why = new Justification();
    Map<PortKey, String> portNames = portNames(w);

    List<NetworkPolicyIngressRule> in = new ArrayList<>();
    for (PeerRule r : ingress.byPeer) {
      why.rule("ingress", in.size(), label(r, shared), r.ports, r.why);
      NetworkPolicyIngressRule rule = new NetworkPolicyIngressRule();
      rule.setFrom(List.of(peer(r, ns, shared)));
      rule.setPorts(PortRanges.render(r.ports, portNames, shared.ports));
      in.add(rule);
    }

    List<NetworkPolicyEgressRule> out = new ArrayList<>();
    if (!options.ingressOnly()) {
      for (PeerRule r : egress.byPeer) {
        why.rule("egress", out.size(), label(r, shared), r.ports, r.why);
        NetworkPolicyEgressRule rule = new NetworkPolicyEgressRule();
        rule.setTo(List.of(peer(r, ns, shared)));
        rule.setPorts(PortRanges.render(r.ports, Map.of(), shared.ports));
        out.add(rule);
      }
      for (AllowEntry extra : options.extraEgress()) {
        AllowEntry.Target.Cidr cidr = (AllowEntry.Target.Cidr) extra.target();
        why.line(
            "egress["
                + out.size()
                + "] to "
                + cidr.block().toCanonicalString()
                + ":\n  configured: extraEgress "
                + extra.text());
        NetworkPolicyEgressRule rule = new NetworkPolicyEgressRule();
        rule.setTo(List.of(ipBlock(cidr.block().toCanonicalString())));
        if (extra.port().isPresent()) {
          NetworkPolicyPort p = new NetworkPolicyPort();
          p.setPort(
              new io.fabric8.kubernetes.api.model.IntOrString(
                  ((AllowEntry.PortRef.Number) extra.port().get()).value()));
          p.setProtocol(extra.protocol().orElse(Protocol.TCP).name());
          rule.setPorts(List.of(p));
        }
        out.add(rule);
      }
    }

    NetworkPolicySpec spec = new NetworkPolicySpec();
    spec.setPodSelector(copy(w.selector()));
    spec.setPolicyTypes(options.ingressOnly() ? List.of("Ingress") : List.of("Ingress", "Egress"));
    spec.setIngress(in);
    spec.setEgress(out);
    Map<String, String> annotations = new TreeMap<>();
    annotations.put(WORKLOAD_ANNOTATION, w.ref().kind() + " " + ns + "/" + w.ref().name());
    if (!why.text().isEmpty()) {
      annotations.put(JUSTIFICATION, why.text());
    }
    return networkPolicy(ns, name, annotations, spec);
  }

  private NetworkPolicy defaultDeny(String ns) {
    NetworkPolicySpec spec = new NetworkPolicySpec();
    spec.setPodSelector(new LabelSelector());
    spec.setPolicyTypes(options.ingressOnly() ? List.of("Ingress") : List.of("Ingress", "Egress"));
    Map<String, String> annotations = new TreeMap<>();
    annotations.put(
        JUSTIFICATION,
        "namespace-wide default deny (option defaultDeny): pods without a netseg policy of"
            + " their own get no traffic");
    return networkPolicy(ns, PolicyNames.DEFAULT_DENY, annotations, spec);
  }

  private NetworkPolicy networkPolicy(
      String ns, String name, Map<String, String> annotations, NetworkPolicySpec spec) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(MANAGED_BY_LABEL, MANAGED_BY);
    options.profile().ifPresent(p -> labels.put(PROFILE_LABEL, p));
    ObjectMeta meta = new ObjectMeta();
    meta.setName(name);
    meta.setNamespace(ns);
    meta.setLabels(labels);
    meta.setAnnotations(annotations);
    NetworkPolicy policy = new NetworkPolicy();
    policy.setMetadata(meta);
    policy.setSpec(spec);
    return policy;
  }

  /**
   * Rendered pieces shared by the policies of one result: equal peers and ports are one object
   * each, which keeps a 16,000-policy result small.
   */
  private static final class Shared {
    final Map<Peer, NetworkPolicyPeer> external = new HashMap<>();
    final Map<PortRanges.Spec, NetworkPolicyPort> ports = new HashMap<>();
    final Map<Peer, String> labels = new HashMap<>();
  }

  /** The peer as the justification names it, built once per peer. */
  private static String label(PeerRule r, Shared shared) {
    if (r.slot != null) {
      if (r.slot.label == null) {
        r.slot.label = r.peer.toString();
      }
      return r.slot.label;
    }
    return shared.labels.computeIfAbsent(r.peer, Peer::toString);
  }

  private static NetworkPolicyPeer peer(PeerRule r, String ownNamespace, Shared shared) {
    if (r.slot == null) {
      Peer.ExternalPeer e = (Peer.ExternalPeer) r.peer;
      return shared.external.computeIfAbsent(e, p -> ipBlock(e.cidr().toCanonicalString()));
    }
    Slot slot = r.slot;
    String namespace = ((Peer.WorkloadPeer) r.peer).workload().namespace();
    if (namespace.equals(ownNamespace)) {
      if (slot.local == null) {
        slot.local = new NetworkPolicyPeer();
        slot.local.setPodSelector(copy(slot.selector));
      }
      return slot.local;
    }
    if (slot.remote == null) {
      slot.remote = new NetworkPolicyPeer();
      slot.remote.setPodSelector(copy(slot.selector));
      slot.remote.setNamespaceSelector(
          new LabelSelector(null, new TreeMap<>(Map.of(NAMESPACE_NAME_LABEL, namespace))));
    }
    return slot.remote;
  }

  private static NetworkPolicyPeer ipBlock(String cidr) {
    NetworkPolicyPeer out = new NetworkPolicyPeer();
    out.setIpBlock(new IPBlock(cidr, null));
    return out;
  }

  /** The workload's named container ports, by protocol and number (the first name wins). */
  private static Map<PortKey, String> portNames(Workload w) {
    Map<PortKey, String> names = new HashMap<>();
    for (ContainerPort c : WorkloadLookup.containerPorts(w)) {
      if (c.getName() != null && !c.getName().isEmpty()) {
        Protocol p =
            c.getProtocol() == null ? Protocol.TCP : Protocol.parse(c.getProtocol()).orElse(null);
        if (p != null) {
          names.putIfAbsent(new PortKey(p, c.getContainerPort()), c.getName());
        }
      }
    }
    return names;
  }

  /** A deep copy with sorted labels: the policy must not share mutable state with the input. */
  private static LabelSelector copy(LabelSelector s) {
    List<LabelSelectorRequirement> expressions = null;
    if (s.getMatchExpressions() != null && !s.getMatchExpressions().isEmpty()) {
      expressions = new ArrayList<>();
      for (LabelSelectorRequirement r : s.getMatchExpressions()) {
        expressions.add(
            new LabelSelectorRequirement(
                r.getKey(),
                r.getOperator(),
                r.getValues() == null ? null : List.copyOf(r.getValues())));
      }
    }
    Map<String, String> labels =
        s.getMatchLabels() == null || s.getMatchLabels().isEmpty()
            ? null
            : new TreeMap<>(s.getMatchLabels());
    return new LabelSelector(expressions, labels);
  }
}
