package dev.netseg.policy;

import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/** Compiles the rules of one policy against the snapshot's indexes. */
final class RuleCompiler {
  private final String namespace;
  private final SelectorIndex selectors;
  private final AddressSpace space;
  private final int[][] podIpClasses;
  private final Map<ParsedPolicy.IpBlockPeer, BitSet[]> blockCache;
  private final ToIntFunction<String> portNames;

  RuleCompiler(
      String namespace,
      SelectorIndex selectors,
      AddressSpace space,
      int[][] podIpClasses,
      Map<ParsedPolicy.IpBlockPeer, BitSet[]> blockCache,
      ToIntFunction<String> portNames) {
    this.namespace = namespace;
    this.selectors = selectors;
    this.space = space;
    this.podIpClasses = podIpClasses;
    this.blockCache = blockCache;
    this.portNames = portNames;
  }

  CompiledRule[] compile(List<ParsedPolicy.Rule> rules) {
    CompiledRule[] out = new CompiledRule[rules.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = compile(rules.get(i));
    }
    return out;
  }

  private CompiledRule compile(ParsedPolicy.Rule rule) {
    PortMatcher ports = PortMatcher.compile(rule.ports(), portNames);
    if (rule.peers().isEmpty()) {
      return new CompiledRule(rule.index(), true, null, null, ports);
    }
    BitSet pods = new BitSet(podIpClasses.length);
    BitSet classes = new BitSet(space.size());
    for (ParsedPolicy.Peer peer : rule.peers()) {
      if (peer instanceof ParsedPolicy.SelectorPeer s) {
        pods.or(selectors.peer(namespace, s.namespaceSelector(), s.podSelector()));
      } else if (peer instanceof ParsedPolicy.IpBlockPeer b) {
        BitSet[] m = blockCache.computeIfAbsent(b, this::ipBlock);
        pods.or(m[0]);
        classes.or(m[1]);
      }
    }
    return new CompiledRule(rule.index(), false, pods, classes, ports);
  }

  /** [pods with an IP in the block, address classes in the block]. */
  private BitSet[] ipBlock(ParsedPolicy.IpBlockPeer block) {
    BitSet classes = space.classesOf(block.cidr(), block.except());
    BitSet pods = new BitSet(podIpClasses.length);
    for (int pod = 0; pod < podIpClasses.length; pod++) {
      for (int c : podIpClasses[pod]) {
        if (classes.get(c)) {
          pods.set(pod);
          break;
        }
      }
    }
    return new BitSet[] {pods, classes};
  }
}
