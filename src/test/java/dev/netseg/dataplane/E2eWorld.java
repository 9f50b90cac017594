package dev.netseg.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.policy.Endpoint;
import dev.netseg.policy.UpstreamE2eCases;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The upstream e2e world on the dataplane: namespaces x, y, z (labelled {@code ns=<name>}) and a
 * network namespace for each of the nine pods x/a ... z/c, at the IPs the case table uses ({@link
 * UpstreamE2eCases#ip}), serving TCP and UDP 80 and 81. A case runs only its own pods as API
 * objects; the other hosts stay idle.
 */
final class E2eWorld implements AutoCloseable {
  static final List<PortKey> PORTS =
      List.of(PortKey.tcp(80), PortKey.tcp(81), PortKey.udp(80), PortKey.udp(81));

  private final DataplaneFixture dataplane;
  private final Map<String, Host> hosts;

  private E2eWorld(DataplaneFixture dataplane, Map<String, Host> hosts) {
    this.dataplane = dataplane;
    this.hosts = hosts;
  }

  /**
   * Creates the namespaces and hosts, and proves every listener is up: with no pod known to
   * kube-router yet, every probe between the hosts must connect.
   */
  static E2eWorld create(DataplaneFixture dataplane) {
    List<String> ids = new ArrayList<>();
    for (String ns : UpstreamE2eCases.NAMESPACES) {
      for (String pod : List.of("a", "b", "c")) {
        ids.add(ns + "/" + pod);
      }
    }
    List<Host> created = dataplane.addHosts(ids.stream().map(UpstreamE2eCases::ip).toList());
    Map<String, Host> hosts = new LinkedHashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      hosts.put(ids.get(i), created.get(i));
    }
    E2eWorld world = new E2eWorld(dataplane, hosts);
    for (Host h : created) {
      for (PortKey p : PORTS) {
        h.agent()
            .call("listen " + p.protocol().name().toLowerCase() + " " + h.ip() + " " + p.port());
      }
    }
    for (String ns : UpstreamE2eCases.NAMESPACES) {
      dataplane.cluster().createNamespace(ns, Map.of("ns", ns));
    }
    dataplane.cluster().sync();
    ProbeMatrix all = ProbeMatrix.measure(world.probes(ids));
    assertThat(all.disagreements(p -> Possible.ALLOWED))
        .as(
            "every listener answers before any pod or policy exists\n%s",
            all.render(p -> Possible.ALLOWED))
        .isEmpty();
    return world;
  }

  /** The peer of pod {@code id} ({@code ns/pod}). */
  Peer peer(String id) {
    Host h = hosts.get(id);
    String[] p = id.split("/");
    return new Peer(id, new Endpoint.PodRef(p[0], p[1]), h.agent(), h.ip());
  }

  /** Every probe between distinct pods of {@code ids}, on every port. */
  List<Probe> probes(List<String> ids) {
    List<Probe> out = new ArrayList<>();
    for (PortKey port : PORTS) {
      for (String from : ids) {
        for (String to : ids) {
          if (!from.equals(to)) {
            out.add(new Probe(peer(from), peer(to), port));
          }
        }
      }
    }
    return out;
  }

  /** Runs the pods {@code ids} as the case table defines them ({@link UpstreamE2eCases#e2ePod}). */
  void run(List<String> ids) {
    for (String id : ids) {
      Pod pod = UpstreamE2eCases.e2ePod(id);
      dataplane.cluster().runPod(pod, hosts.get(id).ip());
    }
  }

  /** Runs {@code pod} (one of the world's, by namespace and name) with the spec given. */
  void run(Pod pod) {
    String id = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    dataplane.cluster().runPod(pod, hosts.get(id).ip());
  }

  /** Back to the start: no pods, no policies, each namespace labelled {@code ns=<name>} only. */
  void reset() {
    for (String ns : UpstreamE2eCases.NAMESPACES) {
      dataplane.cluster().empty(ns);
      dataplane.cluster().relabelNamespace(ns, Map.of("ns", ns));
    }
    dataplane.cluster().sync();
  }

  @Override
  public void close() {
    for (String ns : UpstreamE2eCases.NAMESPACES) {
      dataplane.cluster().deleteNamespace(ns);
    }
    dataplane.cluster().sync();
    dataplane.removeHosts(List.copyOf(hosts.values()));
  }
}
