package dev.netseg.dataplane;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The network of one node, built from network namespaces of a {@link RunScope}: the node's own
 * namespace (its IP on {@code lo}, forwarding on, proxy ARP towards every host), and any number of
 * {@link Host}s routed through it, each on a veth pair: {@code eth0} with a /32 and a default route
 * on the host side, a /32 route on the node side. Nothing is created outside these namespaces.
 */
final class NodeNetwork implements AutoCloseable {
  private final RunScope scope;
  private final Path logs;
  private final String nodeIp;
  private final String nodeNetns;
  private final AgentProcess nodeAgent;
  private final AtomicInteger hostCount = new AtomicInteger();
  private final Map<String, Host> hosts = new ConcurrentHashMap<>();

  private NodeNetwork(
      RunScope scope, Path logs, String nodeIp, String nodeNetns, AgentProcess nodeAgent) {
    this.scope = scope;
    this.logs = logs;
    this.nodeIp = nodeIp;
    this.nodeNetns = nodeNetns;
    this.nodeAgent = nodeAgent;
  }

  /** Creates the node namespace with {@code nodeIp} and starts its agent. */
  static NodeNetwork create(RunScope scope, String nodeIp, Path logs) {
    String netns = scope.netns("node");
    HostCommand.run(List.of("ip", "netns", "add", netns));
    ip(netns, "link set lo up", "addr add " + nodeIp + "/32 dev lo");
    AgentProcess agent = AgentProcess.start(netns, logs.resolve("agent-node.log"));
    agent.call("ping");
    agent.call("sysctl net.ipv4.ip_forward 1");
    quietIcmp(agent);
    return new NodeNetwork(scope, logs, nodeIp, netns, agent);
  }

  /**
   * REJECT answers and closed UDP ports are ICMP errors, which the kernel rate-limits per
   * destination and per namespace: a probe would then time out instead of being refused.
   */
  private static void quietIcmp(AgentProcess agent) {
    agent.call("sysctl net.ipv4.icmp_ratelimit 0");
    agent.call("sysctl net.ipv4.icmp_ratemask 0");
  }

  String nodeIp() {
    return nodeIp;
  }

  String netns() {
    return nodeNetns;
  }

  /** The agent in the node's namespace: it serves the node IP and probes from it. */
  AgentProcess nodeAgent() {
    return nodeAgent;
  }

  /** Creates one host per address, all agents started at once; in the order of {@code ips}. */
  List<Host> addHosts(List<String> ips) {
    List<CompletableFuture<Host>> starting = new ArrayList<>();
    for (String ip : ips) {
      int n = hostCount.incrementAndGet();
      String netns = scope.netns("h" + n);
      String veth = "h" + n;
      HostCommand.run(List.of("ip", "netns", "add", netns));
      ip(nodeNetns, "link add " + veth + " type veth peer name eth0 netns " + netns);
      ip(
          netns,
          "link set lo up",
          "addr add " + ip + "/32 dev eth0",
          "link set eth0 up",
          "route add default dev eth0");
      ip(nodeNetns, "link set " + veth + " up", "route add " + ip + "/32 dev " + veth);
      nodeAgent.call("sysctl net.ipv4.conf." + veth + ".proxy_arp 1");
      nodeAgent.call("sysctl net.ipv4.neigh." + veth + ".proxy_delay 0");
      starting.add(
          CompletableFuture.supplyAsync(
              () -> {
                AgentProcess agent =
                    AgentProcess.start(netns, logs.resolve("agent-" + veth + ".log"));
                Host host = new Host(netns, ip, veth, agent);
                hosts.put(netns, host);
                agent.call("ping");
                quietIcmp(agent);
                return host;
              }));
    }
    return starting.stream().map(CompletableFuture::join).toList();
  }

  /** Stops the host's agent and deletes its namespace (its veth pair and route go with it). */
  void remove(Host host) {
    hosts.remove(host.netns());
    host.agent().close();
    RunScope.delete(host.netns());
  }

  /** Runs {@code ip -n NETNS -batch -} with the given lines. */
  private static void ip(String netns, String... lines) {
    HostCommand.run(List.of("ip", "-n", netns, "-batch", "-"), String.join("\n", lines) + "\n");
  }

  @Override
  public void close() {
    for (Host h : List.copyOf(hosts.values())) {
      remove(h);
    }
    nodeAgent.close();
    RunScope.delete(nodeNetns);
  }
}
