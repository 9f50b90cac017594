package dev.netseg.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The compiled rules laid out flat for {@link PolicyEngine#allows}: per pod the ids of the rules
 * that apply to it (shared between pods selected by the same policies), per rule the matched pods
 * and address classes as raw bit words and its ports as one int array. A decision then reads a few
 * arrays instead of walking policy, rule, BitSet and matcher objects.
 *
 * <p>A peer is a pod index ({@code >= 0}) or the complement {@code ~c} of an address class.
 */
final class DecisionIndex {
  /** Per pod: ids of the ingress rules of the policies isolating it; null when not isolated. */
  private final int[][] ingressRules;

  private final int[][] egressRules;

  /** Per rule: the pods its peers match; null when it matches every peer. */
  private final long[][] podWords;

  /** Per rule: the address classes its ipBlocks match; null when it matches every peer. */
  private final long[][] classWords;

  /** Per rule: see {@link PortMatcher#flat()}; null for every port. */
  private final int[][] ports;

  private final NamedPorts[] namedPorts;

  DecisionIndex(
      CompiledPolicy[] policies, int[][] ingressOf, int[][] egressOf, NamedPorts[] namedPorts) {
    this.namedPorts = namedPorts;
    List<CompiledRule> rules = new ArrayList<>();
    int[][] ingressIds = new int[policies.length][];
    int[][] egressIds = new int[policies.length][];
    for (int p = 0; p < policies.length; p++) {
      ingressIds[p] = add(policies[p].ingress, rules);
      egressIds[p] = add(policies[p].egress, rules);
    }
    podWords = new long[rules.size()][];
    classWords = new long[rules.size()][];
    ports = new int[rules.size()][];
    for (int r = 0; r < rules.size(); r++) {
      CompiledRule rule = rules.get(r);
      podWords[r] = words(rule.pods());
      classWords[r] = words(rule.classes());
      ports[r] = rule.ports.flat();
    }
    this.ingressRules = perPod(ingressOf, ingressIds);
    this.egressRules = perPod(egressOf, egressIds);
  }

  private static int[] add(CompiledRule[] compiled, List<CompiledRule> rules) {
    int[] ids = new int[compiled.length];
    for (int i = 0; i < compiled.length; i++) {
      ids[i] = rules.size();
      rules.add(compiled[i]);
    }
    return ids;
  }

  private static long[] words(BitSet bits) {
    return bits == null ? null : bits.toLongArray();
  }

  private static int[][] perPod(int[][] policiesOf, int[][] ruleIds) {
    Map<List<Integer>, int[]> shared = new HashMap<>();
    int[][] out = new int[policiesOf.length][];
    for (int pod = 0; pod < policiesOf.length; pod++) {
      int[] selecting = policiesOf[pod];
      if (selecting.length == 0) {
        continue;
      }
      out[pod] =
          shared.computeIfAbsent(
              Arrays.stream(selecting).boxed().toList(),
              k -> Arrays.stream(selecting).flatMap(p -> Arrays.stream(ruleIds[p])).toArray());
    }
    return out;
  }

  boolean egress(int src, int dstPeer, int protocol, int port) {
    int[] rules = egressRules[src];
    if (rules == null) {
      return true;
    }
    NamedPorts dstPorts = dstPeer >= 0 ? namedPorts[dstPeer] : NamedPorts.NONE;
    for (int r : rules) {
      if (matchesPort(ports[r], protocol, port, dstPorts) && matchesPeer(r, dstPeer)) {
        return true;
      }
    }
    return false;
  }

  boolean ingress(int dst, int srcPeer, int protocol, int port) {
    int[] rules = ingressRules[dst];
    if (rules == null) {
      return true;
    }
    for (int r : rules) {
      if (matchesPort(ports[r], protocol, port, namedPorts[dst]) && matchesPeer(r, srcPeer)) {
        return true;
      }
    }
    return false;
  }

  private boolean matchesPeer(int rule, int peer) {
    long[] words = peer >= 0 ? podWords[rule] : classWords[rule];
    if (words == null) {
      return true;
    }
    int bit = peer >= 0 ? peer : ~peer;
    int w = bit >>> 6;
    return w < words.length && (words[w] & (1L << bit)) != 0;
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
