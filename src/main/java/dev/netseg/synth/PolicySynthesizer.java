package dev.netseg.synth;

import dev.netseg.infer.AllowEntry;
import dev.netseg.infer.Finding;
import dev.netseg.infer.Finding.Kind;
import dev.netseg.infer.Finding.Severity;
import dev.netseg.infer.SelectorPeer;
import dev.netseg.infer.WorkloadIndex;
import dev.netseg.model.Peer;
import dev.netseg.model.Provenance;
import dev.netseg.model.RequiredFlow;
import dev.netseg.policy.Protocol;
import dev.netseg.workload.Workload;
import dev.netseg.workload.WorkloadRef;
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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

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

  /** A direction's rules: peer, then port, then the evidence. */
  private static final class Rules {
    final TreeMap<Peer, TreeMap<PortKey, List<Provenance>>> byPeer = new TreeMap<>();

    void add(Peer peer, Protocol protocol, int port, List<Provenance> why) {
      byPeer
          .computeIfAbsent(peer, p -> new TreeMap<>())
          .computeIfAbsent(new PortKey(protocol, port), k -> new ArrayList<>())
          .addAll(why);
    }
  }

  public SynthesisResult synthesize(
      List<Workload> workloads, List<RequiredFlow> flows, List<SelectorPeer> selectorPeers) {
    WorkloadIndex index = new WorkloadIndex(workloads);
    List<Finding> findings = new ArrayList<>();
    Map<WorkloadRef, String> ambiguous = SelectorCheck.ambiguous(index);
    ambiguous.forEach(
        (ref, why) ->
            findings.add(
                new Finding(
                    Severity.WARNING,
                    Kind.AMBIGUOUS_SELECTOR,
                    ref.kind() + " " + ref.namespace() + "/" + ref.name(),
                    "no policy: "
                        + why
                        + "; rules of other policies that name it as a peer admit those pods too")));

    Map<WorkloadRef, LabelSelector> selectors = new HashMap<>();
    for (Workload w : index.all()) {
      selectors.put(w.ref(), w.selector());
    }
    for (SelectorPeer p : selectorPeers) {
      selectors.putIfAbsent(p.ref(), p.podSelector());
    }

    Map<WorkloadRef, Rules> ingress = new HashMap<>();
    Map<WorkloadRef, Rules> egress = new HashMap<>();
    Map<WorkloadRef, Integer> unknown = new TreeMap<>();
    for (RequiredFlow f : flows) {
      WorkloadRef src = ref(f.source());
      WorkloadRef dst = ref(f.destination());
      boolean srcKnown = src == null || selectors.containsKey(src);
      boolean dstKnown = dst == null || selectors.containsKey(dst);
      if (!srcKnown) {
        unknown.merge(src, 1, Integer::sum);
      }
      if (!dstKnown) {
        unknown.merge(dst, 1, Integer::sum);
      }
      if (dst != null && governed(dst, index, ambiguous) && srcKnown) {
        ingress
            .computeIfAbsent(dst, r -> new Rules())
            .add(f.source(), f.protocol(), f.port(), f.provenance());
      }
      if (!options.ingressOnly() && src != null && governed(src, index, ambiguous) && dstKnown) {
        egress
            .computeIfAbsent(src, r -> new Rules())
            .add(f.destination(), f.protocol(), f.port(), f.provenance());
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
        index.all().stream().map(Workload::ref).filter(r -> !ambiguous.containsKey(r)).toList();
    Map<WorkloadRef, String> names = PolicyNames.assign(governed);
    List<GeneratedPolicy> policies = new ArrayList<>();
    for (WorkloadRef ref : governed) {
      Workload w = index.get(ref).orElseThrow();
      policies.add(
          new GeneratedPolicy(
              Optional.of(ref),
              policy(
                  w,
                  names.get(ref),
                  ingress.getOrDefault(ref, new Rules()),
                  egress.getOrDefault(ref, new Rules()),
                  selectors)));
    }
    if (options.defaultDeny()) {
      new TreeSet<>(index.all().stream().map(w -> w.ref().namespace()).toList())
          .forEach(ns -> policies.add(new GeneratedPolicy(Optional.empty(), defaultDeny(ns))));
    }
    policies.sort(null);
    findings.sort(null);
    return new SynthesisResult(policies, findings);
  }

  private static boolean governed(
      WorkloadRef ref, WorkloadIndex index, Map<WorkloadRef, String> ambiguous) {
    return index.get(ref).isPresent() && !ambiguous.containsKey(ref);
  }

  private static WorkloadRef ref(Peer p) {
    return p instanceof Peer.WorkloadPeer w ? w.workload() : null;
  }

  private NetworkPolicy policy(
      Workload w,
      String name,
      Rules ingress,
      Rules egress,
      Map<WorkloadRef, LabelSelector> selectors) {
    String ns = w.ref().namespace();
    Justification why = new Justification();
    Map<PortKey, String> portNames = portNames(w);

    List<NetworkPolicyIngressRule> in = new ArrayList<>();
    ingress.byPeer.forEach(
        (peer, ports) -> {
          why.rule("ingress", in.size(), peer, ports);
          NetworkPolicyIngressRule rule = new NetworkPolicyIngressRule();
          rule.setFrom(List.of(peer(peer, ns, selectors)));
          rule.setPorts(PortRanges.render(new TreeSet<>(ports.keySet()), portNames));
          in.add(rule);
        });

    List<NetworkPolicyEgressRule> out = new ArrayList<>();
    if (!options.ingressOnly()) {
      egress.byPeer.forEach(
          (peer, ports) -> {
            why.rule("egress", out.size(), peer, ports);
            NetworkPolicyEgressRule rule = new NetworkPolicyEgressRule();
            rule.setTo(List.of(peer(peer, ns, selectors)));
            rule.setPorts(PortRanges.render(new TreeSet<>(ports.keySet()), Map.of()));
            out.add(rule);
          });
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

  private static NetworkPolicyPeer peer(
      Peer peer, String ownNamespace, Map<WorkloadRef, LabelSelector> selectors) {
    if (peer instanceof Peer.ExternalPeer e) {
      return ipBlock(e.cidr().toCanonicalString());
    }
    WorkloadRef ref = ((Peer.WorkloadPeer) peer).workload();
    NetworkPolicyPeer out = new NetworkPolicyPeer();
    out.setPodSelector(copy(selectors.get(ref)));
    if (!ref.namespace().equals(ownNamespace)) {
      out.setNamespaceSelector(
          new LabelSelector(null, new TreeMap<>(Map.of(NAMESPACE_NAME_LABEL, ref.namespace()))));
    }
    return out;
  }

  private static NetworkPolicyPeer ipBlock(String cidr) {
    NetworkPolicyPeer out = new NetworkPolicyPeer();
    out.setIpBlock(new IPBlock(cidr, null));
    return out;
  }

  /** The workload's named container ports, by protocol and number (the first name wins). */
  private static Map<PortKey, String> portNames(Workload w) {
    Map<PortKey, String> names = new HashMap<>();
    for (ContainerPort c : WorkloadIndex.containerPorts(w)) {
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
