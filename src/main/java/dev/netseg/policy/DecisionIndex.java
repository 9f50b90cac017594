package dev.netseg.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The compiled rules laid out flat for {@link PolicyEngine#allows}, small enough to stay in cache.
 *
 * <p>Peers are grouped into peer classes: pods and address classes that every rule's peers match
 * alike (replicas of one workload, typically) share a class, so a rule's matched peers are a few
 * bit words over classes rather than a bit per pod. Per pod the engine keeps the ids of the rules
 * of the policies isolating it (one array shared by pods with the same selecting policies); per
 * rule, its peer-class bits and its ports as one int array, identical arrays shared.
 */
final class DecisionIndex {
  /**
   * Per pod, 16 bytes: {@code [peer class, egress rule list, ingress rule list, named-port table]};
   * a rule list of -1 means the pod is not isolated in that direction; the table id has the sign
   * bit set for a hostNetwork pod.
   */
  private static final int STRIDE = 4;

  /** Number of ints of a pod's hot data. */
  static final int HOT = STRIDE;

  private static final int HOST_NETWORK_BIT = 1 << 31;

  private final int[] podData;

  /** Distinct lists of rule ids (the rules of the policies isolating a pod), shared by pods. */
  private final int[][] ruleLists;

  private final NamedPorts[] portTables;

  /** Per rule: the peer classes its peers match; null when it matches every peer. */
  private final long[][] peerWords;

  /** Per rule: see {@link PortMatcher#flat()}; null for every port. */
  private final int[][] ports;

  private final int[] addressClass;

  DecisionIndex(
      CompiledPolicy[] policies,
      int[][] ingressOf,
      int[][] egressOf,
      NamedPorts[] namedPorts,
      boolean[] hostNetwork,
      int addressClassCount) {
    int podCount = namedPorts.length;
    List<CompiledRule> rules = new ArrayList<>();
    int[][] ingressIds = new int[policies.length][];
    int[][] egressIds = new int[policies.length][];
    for (int p = 0; p < policies.length; p++) {
      ingressIds[p] = add(policies[p].ingress, rules);
      egressIds[p] = add(policies[p].egress, rules);
    }

    // Distinct peer sets, and for every pod and address class the ids of the sets containing it.
    Map<List<BitSet>, Integer> setIds = new HashMap<>();
    int[] ruleSet = new int[rules.size()];
    List<List<Integer>> podSignature = emptyLists(podCount);
    List<List<Integer>> addressSignature = emptyLists(addressClassCount);
    for (int r = 0; r < rules.size(); r++) {
      CompiledRule rule = rules.get(r);
      if (rule.pods() == null) {
        ruleSet[r] = -1;
        continue;
      }
      int before = setIds.size();
      int id = setIds.computeIfAbsent(List.of(rule.pods(), rule.classes()), k -> setIds.size());
      ruleSet[r] = id;
      if (id == before) {
        rule.pods().stream().forEach(pod -> podSignature.get(pod).add(id));
        rule.classes().stream().forEach(c -> addressSignature.get(c).add(id));
      }
    }
    Map<List<Integer>, Integer> classIds = new HashMap<>();
    int[] podClass = classify(podSignature, classIds);
    addressClass = classify(addressSignature, classIds);

    // Per distinct peer set, the peer classes in it.
    BitSet[] setClasses = new BitSet[setIds.size()];
    for (int i = 0; i < setClasses.length; i++) {
      setClasses[i] = new BitSet(classIds.size());
    }
    classIds.forEach((signature, cls) -> signature.forEach(set -> setClasses[set].set(cls)));
    long[][] setWords = Arrays.stream(setClasses).map(BitSet::toLongArray).toArray(long[][]::new);

    peerWords = new long[rules.size()][];
    ports = new int[rules.size()][];
    Map<List<Integer>, int[]> sharedPorts = new HashMap<>();
    for (int r = 0; r < rules.size(); r++) {
      peerWords[r] = ruleSet[r] < 0 ? null : setWords[ruleSet[r]];
      int[] spec = rules.get(r).ports.flat();
      ports[r] =
          spec == null
              ? null
              : sharedPorts.computeIfAbsent(Arrays.stream(spec).boxed().toList(), k -> spec);
    }
    Map<List<Integer>, Integer> egressListIds = new HashMap<>();
    Map<List<Integer>, Integer> ingressListIds = new HashMap<>();
    List<int[]> lists = new ArrayList<>();
    Map<NamedPorts, Integer> tableIds = new java.util.IdentityHashMap<>();
    List<NamedPorts> tables = new ArrayList<>();
    podData = new int[podCount * STRIDE];
    for (int pod = 0; pod < podCount; pod++) {
      podData[pod * STRIDE] = podClass[pod];
      podData[pod * STRIDE + 1] = listId(egressOf[pod], egressIds, egressListIds, lists);
      podData[pod * STRIDE + 2] = listId(ingressOf[pod], ingressIds, ingressListIds, lists);
      NamedPorts table = namedPorts[pod];
      podData[pod * STRIDE + 3] =
          tableIds.computeIfAbsent(
                  table,
                  t -> {
                    tables.add(t);
                    return tables.size() - 1;
                  })
              | (hostNetwork[pod] ? HOST_NETWORK_BIT : 0);
    }
    ruleLists = lists.toArray(new int[0][]);
    portTables = tables.toArray(new NamedPorts[0]);
  }

  /** The id of the list of rules of the {@code selecting} policies, or -1 when there are none. */
  private static int listId(
      int[] selecting, int[][] ruleIds, Map<List<Integer>, Integer> ids, List<int[]> lists) {
    if (selecting.length == 0) {
      return -1;
    }
    return ids.computeIfAbsent(
        Arrays.stream(selecting).boxed().toList(),
        k -> {
          lists.add(Arrays.stream(selecting).flatMap(p -> Arrays.stream(ruleIds[p])).toArray());
          return lists.size() - 1;
        });
  }

  private static List<List<Integer>> emptyLists(int n) {
    List<List<Integer>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new ArrayList<>(2));
    }
    return out;
  }

  private static int[] classify(List<List<Integer>> signatures, Map<List<Integer>, Integer> ids) {
    int[] out = new int[signatures.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ids.computeIfAbsent(signatures.get(i), k -> ids.size());
    }
    return out;
  }

  private static int[] add(CompiledRule[] compiled, List<CompiledRule> rules) {
    int[] ids = new int[compiled.length];
    for (int i = 0; i < compiled.length; i++) {
      ids[i] = rules.size();
      rules.add(compiled[i]);
    }
    return ids;
  }

  /** The pod's {@link #HOT} ints, to be kept next to the pod in {@link PodTable}. */
  int[] hot(int pod) {
    return Arrays.copyOfRange(podData, pod * STRIDE, pod * STRIDE + STRIDE);
  }

  /** Whether hot data at {@code data[offset]} is a hostNetwork pod's. */
  static boolean isHostNetwork(int[] data, int offset) {
    return data[offset + 3] < 0;
  }

  /** Pod to pod: the source's egress and the destination's ingress. */
  boolean podToPod(int src, int dst, int protocol, int port) {
    return podToPod(podData, src * STRIDE, podData, dst * STRIDE, protocol, port);
  }

  /** Pod to pod, from hot data ({@link #hot}) at {@code srcData[src]} and {@code dstData[dst]}. */
  boolean podToPod(int[] srcData, int src, int[] dstData, int dst, int protocol, int port) {
    NamedPorts dstPorts = portTables[dstData[dst + 3] & ~HOST_NETWORK_BIT];
    return allows(srcData[src + 1], dstData[dst], dstPorts, protocol, port)
        && allows(dstData[dst + 2], srcData[src], dstPorts, protocol, port);
  }

  /** Pod to an address that is no pod's (address class {@code c}): the pod's egress. */
  boolean podToAddress(int src, int c, int protocol, int port) {
    return allows(podData[src * STRIDE + 1], addressClass[c], NamedPorts.NONE, protocol, port);
  }

  /** An address that is no pod's (address class {@code c}) to a pod: the pod's ingress. */
  boolean addressToPod(int c, int dst, int protocol, int port) {
    int d = dst * STRIDE;
    return allows(
        podData[d + 2],
        addressClass[c],
        portTables[podData[d + 3] & ~HOST_NETWORK_BIT],
        protocol,
        port);
  }

  /** Whether a rule of list {@code list} (-1: not isolated) admits the peer on the port. */
  private boolean allows(int list, int peerClass, NamedPorts dstPorts, int protocol, int port) {
    if (list < 0) {
      return true;
    }
    for (int r : ruleLists[list]) {
      if (matchesPort(ports[r], protocol, port, dstPorts) && matchesPeer(r, peerClass)) {
        return true;
      }
    }
    return false;
  }

  private boolean matchesPeer(int rule, int peerClass) {
    long[] words = peerWords[rule];
    if (words == null) {
      return true;
    }
    int w = peerClass >>> 6;
    return w < words.length && (words[w] & (1L << peerClass)) != 0;
  }

  private static boolean matchesPort(int[] spec, int protocol, int port, NamedPorts dst) {
    if (spec == null) {
      return true;
    }
    int i = 1;
    int numericEnd = 1 + 3 * spec[0];
    for (; i < numericEnd; i += 3) {
      if (spec[i] == protocol && port >= spec[i + 1] && port <= spec[i + 2]) {
        return true;
      }
    }
    for (; i < spec.length; i += 2) {
      if (spec[i + 1] == protocol && dst.has(spec[i], protocol, port)) {
        return true;
      }
    }
    return false;
  }
}
