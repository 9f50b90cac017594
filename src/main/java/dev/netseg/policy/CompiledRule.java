package dev.netseg.policy;

import java.util.BitSet;

/**
 * One rule, indexed: the pods its peers match (by selector, or by ipBlock on a pod IP) and the
 * address classes its ipBlocks match.
 *
 * <p>A peer is encoded as an int: a pod index ({@code >= 0}) or the complement {@code ~c} of an
 * address class {@code c} for an address that is no pod's.
 */
final class CompiledRule {
  final int index;
  private final boolean anyPeer;
  private final BitSet pods;
  private final BitSet classes;
  final PortMatcher ports;

  CompiledRule(int index, boolean anyPeer, BitSet pods, BitSet classes, PortMatcher ports) {
    this.index = index;
    this.anyPeer = anyPeer;
    this.pods = pods;
    this.classes = classes;
    this.ports = ports;
  }

  /** The pods matched, or null when every peer is. */
  BitSet pods() {
    return anyPeer ? null : pods;
  }

  /** The address classes matched, or null when every peer is. */
  BitSet classes() {
    return anyPeer ? null : classes;
  }

  boolean matchesPeer(int peer) {
    return anyPeer || (peer >= 0 ? pods.get(peer) : classes.get(~peer));
  }
}
