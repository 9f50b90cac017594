package dev.netseg.dataplane;

/**
 * A network namespace joined to the node namespace by a veth pair, with one IPv4 address and an
 * {@link NetnsAgent} inside: a pod's network, or an address outside the pod network.
 *
 * @param veth the node end of its veth pair (the namespace's end is {@code eth0})
 */
record Host(String netns, String ip, String veth, AgentProcess agent) {}
