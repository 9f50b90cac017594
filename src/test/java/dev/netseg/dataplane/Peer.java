package dev.netseg.dataplane;

import dev.netseg.policy.Endpoint;

/**
 * One end of a probe: what the engine calls it ({@code endpoint}: a pod, or an address outside the
 * pod network) and where its packets come from and go to ({@code host}).
 *
 * @param name how tables and messages name it: {@code namespace/pod}, or a word for an address
 * @param agent the agent that probes from it (a pod's, an outside host's or the node's)
 * @param ip the address it is probed at
 */
record Peer(String name, Endpoint endpoint, AgentProcess agent, String ip) {
  @Override
  public String toString() {
    return name;
  }
}
