package dev.netseg.segment;

import dev.netseg.policy.ClusterSnapshot;
import dev.netseg.policy.ConnectionSet;
import dev.netseg.policy.Endpoint;
import dev.netseg.policy.PolicyEngine;
import dev.netseg.synth.GeneratedPolicy;
import dev.netseg.synth.PolicySynthesizer;
import dev.netseg.workload.Workload;
import dev.netseg.workload.WorkloadIndex;
import dev.netseg.workload.WorkloadRef;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Rewrites per-workload peers into a segment's selectors where that is exact and shorter: when a
 * policy has, on the same ports, one rule for every workload of a segment (and for nothing else of
 * it), those rules become one rule whose peer is the segment ("all of segment app may reach db on
 * 5432"). Two rules at least, so the policy gets shorter.
 *
 * <p>A rewrite is kept only if the semantics engine proves that the rewritten policies allow
 * exactly the connections the per-workload ones allow, between every pod of the input: a workload
 * whose rewritten policy changes any connection keeps its per-workload rules. Exactness is with
 * respect to the input: a pod outside it that matches the segment's selectors would be admitted.
 */
public final class SegmentPeers {
  private final SegmentAssignment zones;
  private final List<Workload> workloads;
  private final List<Namespace> namespaces;

  /**
   * What {@link #rewrite} did.
   *
   * @param rewritten workloads whose policy now names a segment as a peer
   * @param reverted workloads whose rewrite the engine found inexact: they keep per-workload rules
   */
  public record Result(
      List<GeneratedPolicy> policies, List<WorkloadRef> rewritten, List<WorkloadRef> reverted) {
    public Result {
      policies = List.copyOf(policies);
      rewritten = List.copyOf(rewritten);
      reverted = List.copyOf(reverted);
    }

    static Result unchanged(List<GeneratedPolicy> policies) {
      return new Result(policies, List.of(), List.of());
    }
  }

  public SegmentPeers(
      SegmentAssignment zones, List<Workload> workloads, List<Namespace> namespaces) {
    this.zones = Objects.requireNonNull(zones, "zones");
    this.workloads = List.copyOf(workloads);
    this.namespaces = List.copyOf(namespaces);
  }

  public Result rewrite(List<GeneratedPolicy> policies) {
    Map<WorkloadRef, GeneratedPolicy> candidates = new TreeMap<>();
    for (GeneratedPolicy p : policies) {
      if (p.workload().isPresent()) {
        rewritten(p).ifPresent(r -> candidates.put(p.workload().get(), r));
      }
    }
    if (candidates.isEmpty()) {
      return Result.unchanged(policies);
    }
    List<WorkloadRef> reverted = new ArrayList<>();
    // Prove: revert every workload whose connections changed, until none does.
    WorkloadIndex index = WorkloadIndex.of(workloads);
    PolicyEngine original = engine(index, policies, Map.of());
    while (!candidates.isEmpty()) {
      PolicyEngine candidate = engine(index, policies, candidates);
      Set<WorkloadRef> wrong = new TreeSet<>();
      for (WorkloadRef ref : candidates.keySet()) {
        if (!sameConnections(index, ref, original, candidate)) {
          wrong.add(ref);
        }
      }
      if (wrong.isEmpty()) {
        break;
      }
      candidates.keySet().removeAll(wrong);
      reverted.addAll(wrong);
    }
    List<GeneratedPolicy> out = new ArrayList<>(policies.size());
    for (GeneratedPolicy p : policies) {
      GeneratedPolicy r = p.workload().map(candidates::get).orElse(null);
      out.add(r != null ? r : p);
    }
    return new Result(out, List.copyOf(candidates.keySet()), reverted);
  }

  private PolicyEngine engine(
      WorkloadIndex index,
      List<GeneratedPolicy> policies,
      Map<WorkloadRef, GeneratedPolicy> replaced) {
    List<NetworkPolicy> list = new ArrayList<>(policies.size());
    for (GeneratedPolicy p : policies) {
      GeneratedPolicy r = p.workload().map(replaced::get).orElse(null);
      list.add((r == null ? p : r).policy());
    }
    return PolicyEngine.build(new ClusterSnapshot(namespaces, index.pods(), list));
  }

  /** Every connection from and to the workload's pods, to and from every pod, is unchanged. */
  private static boolean sameConnections(
      WorkloadIndex index, WorkloadRef ref, PolicyEngine a, PolicyEngine b) {
    List<Endpoint> own =
        WorkloadIndex.podsOf(index.workload(ref).orElseThrow()).stream()
            .map(SegmentPeers::endpoint)
            .toList();
    for (Pod p : index.pods()) {
      Endpoint other = endpoint(p);
      for (Endpoint e : own) {
        if (!same(a, b, e, other) || !same(a, b, other, e)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean same(PolicyEngine a, PolicyEngine b, Endpoint from, Endpoint to) {
    ConnectionSet x = a.allowedConnections(from, to);
    return x.equals(b.allowedConnections(from, to));
  }

  private static Endpoint endpoint(Pod p) {
    return new Endpoint.PodRef(p.getMetadata().getNamespace(), p.getMetadata().getName());
  }

  /** The policy with segment peers, or empty when no group of rules can be merged. */
  private Optional<GeneratedPolicy> rewritten(GeneratedPolicy generated) {
    NetworkPolicy policy = generated.policy();
    String ns = policy.getMetadata().getNamespace();
    List<NetworkPolicyIngressRule> in = policy.getSpec().getIngress();
    List<NetworkPolicyEgressRule> out = policy.getSpec().getEgress();
    Plan ingress =
        plan(
            in == null
                ? List.of()
                : in.stream().map(r -> new Rule(r.getFrom(), r.getPorts())).toList(),
            ns);
    Plan egress =
        plan(
            out == null
                ? List.of()
                : out.stream().map(r -> new Rule(r.getTo(), r.getPorts())).toList(),
            ns);
    if (ingress.merged.isEmpty() && egress.merged.isEmpty()) {
      return Optional.empty();
    }
    NetworkPolicy copy = new NetworkPolicyBuilder(policy).build();
    if (!ingress.merged.isEmpty()) {
      List<NetworkPolicyIngressRule> rules = new ArrayList<>();
      for (Rule r : ingress.rules) {
        rules.add(new NetworkPolicyIngressRule(r.peers, r.ports));
      }
      copy.getSpec().setIngress(rules);
    }
    if (!egress.merged.isEmpty()) {
      List<NetworkPolicyEgressRule> rules = new ArrayList<>();
      for (Rule r : egress.rules) {
        rules.add(new NetworkPolicyEgressRule(r.ports, r.peers));
      }
      copy.getSpec().setEgress(rules);
    }
    Map<String, String> annotations = new TreeMap<>(copy.getMetadata().getAnnotations());
    String why = annotations.get(PolicySynthesizer.JUSTIFICATION);
    if (why != null) {
      annotations.put(
          PolicySynthesizer.JUSTIFICATION,
          JustificationIndex.reindex(why, "ingress", ingress.oldToNew, ingress.merged)
              .transform(
                  t -> JustificationIndex.reindex(t, "egress", egress.oldToNew, egress.merged)));
    }
    copy.getMetadata().setAnnotations(annotations);
    return Optional.of(new GeneratedPolicy(generated.workload(), copy));
  }

  private record Rule(List<NetworkPolicyPeer> peers, List<NetworkPolicyPort> ports) {}

  /**
   * @param rules the rules after merging
   * @param oldToNew each old rule index's new index
   * @param merged for each new index that is a segment rule, the segment's name
   */
  private record Plan(List<Rule> rules, int[] oldToNew, Map<Integer, String> merged) {}

  private Plan plan(List<Rule> rules, String ownNamespace) {
    // group key: zone + ports; value: old indexes
    Map<String, List<Integer>> groups = new LinkedHashMap<>();
    Map<String, Set<WorkloadRef>> members = new HashMap<>();
    for (int i = 0; i < rules.size(); i++) {
      Rule r = rules.get(i);
      if (r.peers == null || r.peers.size() != 1) {
        continue;
      }
      Optional<WorkloadRef> peer = workloadOf(r.peers.get(0), ownNamespace);
      if (peer.isEmpty()) {
        continue;
      }
      String zone = zones.zoneOf(peer.get());
      if (zones.segment(zone).isEmpty()) {
        continue;
      }
      String key = zone + "\u0000" + String.valueOf(r.ports);
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
      members.computeIfAbsent(key, k -> new HashSet<>()).add(peer.get());
    }
    Map<Integer, String> firstOfGroup = new HashMap<>();
    Set<Integer> dropped = new HashSet<>();
    for (var e : groups.entrySet()) {
      String zone = e.getKey().substring(0, e.getKey().indexOf('\u0000'));
      List<Integer> indexes = e.getValue();
      if (indexes.size() >= 2
          && members.get(e.getKey()).equals(new HashSet<>(zones.members(zone)))) {
        firstOfGroup.put(indexes.get(0), zone);
        dropped.addAll(indexes.subList(1, indexes.size()));
      }
    }
    List<Rule> out = new ArrayList<>();
    int[] oldToNew = new int[rules.size()];
    Map<Integer, String> merged = new TreeMap<>();
    Map<String, Integer> segmentIndex = new HashMap<>();
    for (int i = 0; i < rules.size(); i++) {
      Rule r = rules.get(i);
      String zone = firstOfGroup.get(i);
      if (zone != null) {
        segmentIndex.put(zone + "\u0000" + String.valueOf(r.ports), out.size());
        merged.put(out.size(), zone);
        out.add(new Rule(List.of(segmentPeer(zones.segment(zone).orElseThrow())), r.ports));
        oldToNew[i] = out.size() - 1;
      } else if (dropped.contains(i)) {
        oldToNew[i] = -1; // filled below
      } else {
        oldToNew[i] = out.size();
        out.add(r);
      }
    }
    for (int i = 0; i < rules.size(); i++) {
      if (oldToNew[i] == -1) {
        Rule r = rules.get(i);
        WorkloadRef peer = workloadOf(r.peers.get(0), ownNamespace).orElseThrow();
        oldToNew[i] = segmentIndex.get(zones.zoneOf(peer) + "\u0000" + String.valueOf(r.ports));
      }
    }
    return new Plan(out, oldToNew, merged);
  }

  /** The segment as a peer: its pod selector AND its namespace selector ({} when absent). */
  static NetworkPolicyPeer segmentPeer(Segment s) {
    NetworkPolicyPeer peer = new NetworkPolicyPeer();
    peer.setPodSelector(s.podSelector().map(SegmentPeers::copy).orElseGet(LabelSelector::new));
    peer.setNamespaceSelector(
        s.namespaceSelector().map(SegmentPeers::copy).orElseGet(LabelSelector::new));
    return peer;
  }

  private static LabelSelector copy(LabelSelector s) {
    return new io.fabric8.kubernetes.api.model.LabelSelectorBuilder(s).build();
  }

  /**
   * The input workload a generated peer names: a pod selector equal to the workload's selector, in
   * the policy's namespace or in the one its {@code kubernetes.io/metadata.name} selector names.
   * Empty when none or several workloads fit.
   */
  private Optional<WorkloadRef> workloadOf(NetworkPolicyPeer peer, String ownNamespace) {
    if (peer.getIpBlock() != null || peer.getPodSelector() == null) {
      return Optional.empty();
    }
    String ns = ownNamespace;
    LabelSelector nsSel = peer.getNamespaceSelector();
    if (nsSel != null) {
      if (nsSel.getMatchExpressions() != null && !nsSel.getMatchExpressions().isEmpty()
          || nsSel.getMatchLabels() == null
          || nsSel.getMatchLabels().size() != 1
          || !nsSel.getMatchLabels().containsKey(PolicySynthesizer.NAMESPACE_NAME_LABEL)) {
        return Optional.empty();
      }
      ns = nsSel.getMatchLabels().get(PolicySynthesizer.NAMESPACE_NAME_LABEL);
    }
    WorkloadRef found = null;
    for (Workload w : workloads) {
      if (w.ref().namespace().equals(ns) && sameSelector(w.selector(), peer.getPodSelector())) {
        if (found != null) {
          return Optional.empty();
        }
        found = w.ref();
      }
    }
    return Optional.ofNullable(found);
  }

  private static boolean sameSelector(LabelSelector a, LabelSelector b) {
    return Objects.equals(labels(a), labels(b)) && Objects.equals(expressions(a), expressions(b));
  }

  private static Map<String, String> labels(LabelSelector s) {
    return s.getMatchLabels() == null ? Map.of() : new TreeMap<>(s.getMatchLabels());
  }

  private static List<?> expressions(LabelSelector s) {
    return s.getMatchExpressions() == null ? List.of() : s.getMatchExpressions();
  }
}
