package dev.netseg.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.policy.Endpoint;
import inet.ipaddr.IPAddressString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The hosts random scenarios run on: one network namespace per pod address of {@link
 * PacketScenarios#POD_IPS}, one for an address outside the pod network ({@link
 * PacketScenarios#OUTSIDE_IP}), and the node; all serve TCP and UDP 80 and 81. Namespaces x, y and
 * z live as long as the world; each scenario relabels them and brings its own pods and policies.
 */
final class ScenarioWorld implements AutoCloseable {
  static final List<PortKey> PORTS = E2eWorld.PORTS;

  private final DataplaneFixture dataplane;
  private final List<Host> podHosts;
  private final Host outside;
  private List<Peer> pods = List.of();

  private ScenarioWorld(DataplaneFixture dataplane, List<Host> podHosts, Host outside) {
    this.dataplane = dataplane;
    this.podHosts = podHosts;
    this.outside = outside;
  }

  /** Creates the hosts and namespaces, and proves every listener up before any pod exists. */
  static ScenarioWorld create(DataplaneFixture dataplane) {
    List<String> ips = new ArrayList<>(PacketScenarios.POD_IPS);
    ips.add(PacketScenarios.OUTSIDE_IP);
    List<Host> hosts = dataplane.addHosts(ips);
    ScenarioWorld world =
        new ScenarioWorld(
            dataplane, hosts.subList(0, hosts.size() - 1), hosts.get(hosts.size() - 1));
    for (Host h : hosts) {
      listen(h.agent(), h.ip());
    }
    for (String ns : PacketScenarios.NAMESPACES) {
      dataplane.cluster().createNamespace(ns, Map.of());
    }
    dataplane.cluster().sync();
    List<Peer> all = new ArrayList<>();
    for (Host h : hosts) {
      all.add(world.address("host " + h.ip(), h));
    }
    List<Probe> probes = new ArrayList<>();
    for (PortKey port : PORTS) {
      for (Peer from : all) {
        for (Peer to : all) {
          if (from != to) {
            probes.add(new Probe(from, to, port));
          }
        }
        probes.add(new Probe(from, dataplane.node(), port));
      }
    }
    ProbeMatrix m = ProbeMatrix.measure(probes);
    assertThat(m.disagreements(p -> Possible.ALLOWED))
        .as(
            "every listener answers before any pod or policy exists\n%s",
            m.render(p -> Possible.ALLOWED))
        .isEmpty();
    return world;
  }

  private static void listen(AgentProcess agent, String ip) {
    for (PortKey p : PORTS) {
      agent.call("listen " + p.protocol().name().toLowerCase() + " " + ip + " " + p.port());
    }
  }

  private Peer address(String name, Host h) {
    return new Peer(
        name, new Endpoint.Address(new IPAddressString(h.ip()).getAddress()), h.agent(), h.ip());
  }

  /**
   * Replaces the previous scenario's pods and policies by {@code s}'s, and waits for kube-router.
   */
  void load(PacketScenario s) {
    ClusterDriver cluster = dataplane.cluster();
    for (String ns : PacketScenarios.NAMESPACES) {
      cluster.empty(ns);
    }
    s.namespaceLabels().forEach(cluster::relabelNamespace);
    List<Peer> peers = new ArrayList<>();
    for (int i = 0; i < s.pods().size(); i++) {
      Pod pod = s.pods().get(i);
      Host h = podHosts.get(i);
      cluster.runPod(pod, h.ip());
      String ns = pod.getMetadata().getNamespace();
      String name = pod.getMetadata().getName();
      peers.add(new Peer(ns + "/" + name, new Endpoint.PodRef(ns, name), h.agent(), h.ip()));
    }
    for (NetworkPolicy p : s.policies()) {
      cluster.apply(p);
    }
    cluster.sync();
    pods = List.copyOf(peers);
  }

  /**
   * Every probe of the loaded scenario: between its pods, from and to the outside address, from and
   * to the node, on TCP and UDP 80 and 81.
   */
  List<Probe> probes() {
    Peer out = address("outside", outside);
    Peer node = dataplane.node();
    List<Probe> probes = new ArrayList<>();
    for (PortKey port : PORTS) {
      for (Peer from : pods) {
        for (Peer to : pods) {
          if (from != to) {
            probes.add(new Probe(from, to, port));
          }
        }
        probes.add(new Probe(from, out, port));
        probes.add(new Probe(out, from, port));
        probes.add(new Probe(from, node, port));
        probes.add(new Probe(node, from, port));
      }
    }
    return probes;
  }

  @Override
  public void close() {
    for (String ns : PacketScenarios.NAMESPACES) {
      dataplane.cluster().deleteNamespace(ns);
    }
    dataplane.cluster().sync();
    List<Host> all = new ArrayList<>(podHosts);
    all.add(outside);
    dataplane.removeHosts(all);
  }
}
