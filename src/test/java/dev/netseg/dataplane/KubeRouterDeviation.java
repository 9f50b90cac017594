package dev.netseg.dataplane;

/**
 * Where kube-router v2.1.0's network policy controller does not do what the Kubernetes
 * documentation says, read from its source ({@code pkg/controllers/netpol}) and measured on packets
 * ({@code KubeRouterDeviationsIT} pins each one). {@link KubeRouterModel} applies any subset of
 * them; with none it decides as the Kubernetes documentation does.
 */
enum KubeRouterDeviation {
  /**
   * Traffic from a pod to its own node goes through the pod's egress rules ({@code
   * KUBE-ROUTER-INPUT} jumps to the pod's firewall chain), so an egress-isolated pod cannot reach
   * its node unless an ipBlock allows the node's IP. The documentation: "traffic to and from the
   * node where a Pod is running is always allowed".
   */
  POD_TO_OWN_NODE_NEEDS_EGRESS_RULE,

  /**
   * A policy with both policyTypes is one iptables chain, jumped to for traffic in either direction
   * of a selected pod ({@code setupPodNetpolRules}: no {@code -s}/{@code -d} match for {@code
   * kubeBothPolicyType}), so its egress rules also admit traffic into a pod it selects when the
   * source is selected by it too, and its ingress rules also let a selected pod send to another
   * selected pod. The documentation: ingress rules decide a pod's ingress, egress rules its egress.
   */
  BOTH_TYPES_POLICY_RULES_APPLY_IN_BOTH_DIRECTIONS,

  /**
   * An egress rule without {@code to} resolves a named port on the pods of the policy's own
   * namespace and allows that port number to every destination ({@code buildNetworkPoliciesInfo},
   * {@code matchAllDestinations}), whatever the destination's own port of that name is, or whether
   * it is a pod at all. The documentation: a named port is resolved on the destination pod.
   */
  EGRESS_NAMED_PORT_RESOLVED_IN_POLICY_NAMESPACE,

  /**
   * An egress rule's named ports do not apply to its ipBlock peers ({@code processEgressRules} uses
   * only numeric ports for ipBlocks), even where the block holds a pod that serves the named port.
   */
  EGRESS_NAMED_PORT_IGNORED_FOR_IPBLOCK,

  /**
   * A rule with pod peers whose ports are all named, and none of whose names any candidate pod
   * serves with that protocol, allows every port ({@code len(ports) == 0 && len(namedPorts) == 0}
   * after resolution is read as "no ports given"). The documentation: such a rule allows nothing.
   */
  UNRESOLVED_NAMED_PORTS_ALLOW_ALL_PORTS,

  /**
   * kube-router resolves named ports with one IP list per pod ({@code grabNamedPortFromPod}: the
   * first pod to serve a (name, protocol, number) gives the entry its own list, and a later pod
   * with the same triple appends to that list), so a later pod that shares any named port with the
   * first one is also taken to serve every other named port of the first one, at its numbers. The
   * pods come in the order of a Go map, which changes at every sync: such a probe may be allowed at
   * one sync and refused at the next. The documentation: a named port is resolved on each
   * destination pod.
   */
  NAMED_PORT_IP_LISTS_SHARED_BETWEEN_PODS,

  /**
   * The ipBlock peers of one rule share one {@code hash:net} ipset, where an address takes the
   * verdict of the longest prefix that holds it: one peer's except also removes the address from
   * another peer of the same rule whose block holds it. The documentation: peers are ORed.
   */
  IPBLOCK_EXCEPT_APPLIES_TO_OTHER_PEERS_OF_THE_RULE
}
