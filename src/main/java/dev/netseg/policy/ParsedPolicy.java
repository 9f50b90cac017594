package dev.netseg.policy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

/**
 * A validated NetworkPolicy with its defaults applied (policyTypes, protocol TCP, null lists).
 *
 * @param id {@code namespace/name}
 * @param podSelector never null; empty selects every pod of the namespace
 * @param ingress whether the policy isolates the pods it selects for ingress
 * @param egress whether the policy isolates the pods it selects for egress
 */
record ParsedPolicy(
    String id,
    String namespace,
    LabelSelector podSelector,
    boolean ingress,
    boolean egress,
    List<Rule> ingressRules,
    List<Rule> egressRules) {

  /**
   * One ingress or egress rule.
   *
   * @param peers empty means every peer, including external addresses
   * @param ports empty means every port of every protocol
   */
  record Rule(int index, List<Peer> peers, List<Port> ports) {}

  sealed interface Peer {}

  /** podSelector and/or namespaceSelector; a null namespace selector means the policy's own. */
  record SelectorPeer(LabelSelector namespaceSelector, LabelSelector podSelector) implements Peer {}

  record IpBlockPeer(IpRange cidr, List<IpRange> except) implements Peer {}

  /** Numeric ports {@code from..to} of a protocol, or a named port when {@code name} is set. */
  record Port(Protocol protocol, int from, int to, String name) {}
}
