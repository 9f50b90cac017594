package dev.netseg.policy;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Validates a snapshot and builds the engine's indexes. */
final class PolicyEngineBuilder {
  static final String NAME_LABEL = "kubernetes.io/metadata.name";

  private PolicyEngineBuilder() {}

  static PolicyEngine build(ClusterSnapshot snapshot) {
    List<PodInfo> pods = parsePods(snapshot.pods());
    List<ParsedPolicy> policies = parsePolicies(snapshot.policies());

    List<IpRange> blockRanges = new ArrayList<>();
    for (ParsedPolicy p : policies) {
      for (ParsedPolicy.Rule r : concat(p.ingressRules(), p.egressRules())) {
        for (ParsedPolicy.Peer peer : r.peers()) {
          if (peer instanceof ParsedPolicy.IpBlockPeer b) {
            blockRanges.add(b.cidr());
            blockRanges.addAll(b.except());
          }
        }
      }
    }
    AddressSpace space = new AddressSpace(blockRanges);

    Map<String, Integer> portNames = new HashMap<>();
    int n = pods.size();
    NamedPorts[] named = new NamedPorts[n];
    int[][] ipClasses = new int[n][];
    Map<IpKey, Integer> byIp = new HashMap<>(n * 2);
    Map<List<Object>, NamedPorts> sharedPorts = new HashMap<>();
    for (int i = 0; i < n; i++) {
      PodInfo pod = pods.get(i);
      List<PodInfo.NamedPort> ports = pod.namedPorts();
      int[] names = pod.nameIds(name -> portNames.computeIfAbsent(name, k -> portNames.size()));
      int[] protocols = ports.stream().mapToInt(p -> p.protocol().ordinal()).toArray();
      int[] numbers = ports.stream().mapToInt(PodInfo.NamedPort::port).toArray();
      // Replicas have identical ports: one shared table each keeps them in cache.
      named[i] =
          ports.isEmpty()
              ? NamedPorts.NONE
              : sharedPorts.computeIfAbsent(
                  List.of(boxed(names), boxed(protocols), boxed(numbers)),
                  k -> new NamedPorts(names, protocols, numbers));
      ipClasses[i] = pod.ips().stream().mapToInt(space::classOf).toArray();
      if (!pod.hostNetwork()) {
        // Two pods claiming one IP only happens in hand-written manifests: the first one wins.
        int index = i;
        pod.ips().forEach(ip -> byIp.putIfAbsent(ip, index));
      }
    }

    SelectorIndex selectors = new SelectorIndex(pods, namespaceLabels(snapshot.namespaces(), pods));
    Map<ParsedPolicy.IpBlockPeer, BitSet[]> blockCache = new HashMap<>();
    List<List<Integer>> ingressOf = new ArrayList<>(n);
    List<List<Integer>> egressOf = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ingressOf.add(new ArrayList<>(2));
      egressOf.add(new ArrayList<>(2));
    }
    CompiledPolicy[] compiled = new CompiledPolicy[policies.size()];
    for (int pi = 0; pi < policies.size(); pi++) {
      ParsedPolicy p = policies.get(pi);
      int index = pi;
      BitSet targets = selectors.targets(p.namespace(), p.podSelector());
      targets.stream()
          .forEach(
              pod -> {
                if (p.ingress()) {
                  ingressOf.get(pod).add(index);
                }
                if (p.egress()) {
                  egressOf.get(pod).add(index);
                }
              });
      RuleCompiler rc =
          new RuleCompiler(
              p.namespace(),
              selectors,
              space,
              ipClasses,
              blockCache,
              name -> portNames.computeIfAbsent(name, k -> portNames.size()));
      compiled[pi] =
          new CompiledPolicy(
              p.id(),
              // Rules of a direction the policy does not isolate are never consulted.
              p.ingress() ? rc.compile(p.ingressRules()) : new CompiledRule[0],
              p.egress() ? rc.compile(p.egressRules()) : new CompiledRule[0]);
    }
    return new PolicyEngine(
        pods.toArray(new PodInfo[0]),
        named,
        byIp,
        compiled,
        toArrays(ingressOf),
        toArrays(egressOf),
        space);
  }

  private static List<PodInfo> parsePods(List<Pod> pods) {
    List<PodInfo> out = new ArrayList<>(pods.size());
    Set<Endpoint.PodRef> seen = new HashSet<>();
    for (Pod pod : pods) {
      PodInfo info = PodInfo.of(pod);
      if (!seen.add(info.ref())) {
        throw new InvalidPolicyException(
            "Pod " + info.ref() + ": metadata.name: duplicate pod in the snapshot");
      }
      out.add(info);
    }
    return out;
  }

  private static List<ParsedPolicy> parsePolicies(List<NetworkPolicy> policies) {
    List<ParsedPolicy> out = new ArrayList<>(policies.size());
    Set<String> seen = new HashSet<>();
    for (NetworkPolicy policy : policies) {
      ParsedPolicy p = PolicyParser.parse(policy);
      if (!seen.add(p.id())) {
        throw new InvalidPolicyException(
            "NetworkPolicy " + p.id() + ": metadata.name: duplicate policy in the snapshot");
      }
      out.add(p);
    }
    return out;
  }

  /**
   * Labels of every namespace that has pods. The API server always sets {@code
   * kubernetes.io/metadata.name}; a namespace with no Namespace object has only that label.
   */
  private static Map<String, Map<String, String>> namespaceLabels(
      List<Namespace> namespaces, List<PodInfo> pods) {
    Map<String, Map<String, String>> declared = new HashMap<>();
    for (Namespace ns : namespaces) {
      if (ns.getMetadata() == null || ns.getMetadata().getName() == null) {
        throw new InvalidPolicyException("Namespace <unnamed>: metadata.name: missing");
      }
      String name = ns.getMetadata().getName();
      Map<String, String> labels = new HashMap<>();
      if (ns.getMetadata().getLabels() != null) {
        labels.putAll(ns.getMetadata().getLabels());
      }
      labels.put(NAME_LABEL, name);
      declared.put(name, Map.copyOf(labels));
    }
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    for (PodInfo pod : pods) {
      String ns = pod.ref().namespace();
      out.computeIfAbsent(ns, k -> declared.getOrDefault(k, Map.of(NAME_LABEL, k)));
    }
    return out;
  }

  private static List<Integer> boxed(int[] values) {
    return Arrays.stream(values).boxed().toList();
  }

  private static int[][] toArrays(List<List<Integer>> lists) {
    int[][] out = new int[lists.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = lists.get(i).stream().mapToInt(Integer::intValue).toArray();
    }
    return out;
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
