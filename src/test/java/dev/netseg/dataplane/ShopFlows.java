package dev.netseg.dataplane;

import dev.netseg.dataplane.ShopGeneration.RequiredFlowLine;
import dev.netseg.dataplane.ShopWorld.ShopPod;
import inet.ipaddr.IPAddressString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The example shop on the dataplane and the flows {@code netseg generate} found it needs: every
 * probe between its pods, kube-dns and the outside host on every port they serve, and which of them
 * a required flow asks for.
 */
final class ShopFlows {
  private final ShopGeneration generated;
  private final ShopWorld world;
  private final Map<Peer, String> workloads = new LinkedHashMap<>();
  private final List<Probe> probes = new ArrayList<>();

  ShopFlows(ShopGeneration generated, ShopWorld world) {
    this.generated = generated;
    this.world = world;
    for (ShopPod p : world.pods()) {
      workloads.put(p.peer(), p.workload());
    }
    workloads.put(world.dns().peer(), world.dns().workload());
    List<ShopPod> ends = new ArrayList<>(world.pods());
    ends.add(world.dns());
    for (ShopPod from : ends) {
      for (ShopPod to : ends) {
        if (from != to && (from != world.dns() || to != world.dns())) {
          to.serves().forEach(port -> probes.add(new Probe(from.peer(), to.peer(), port)));
        }
      }
      world
          .outsidePorts()
          .forEach(port -> probes.add(new Probe(from.peer(), world.outside(), port)));
    }
    for (ShopPod to : world.pods()) {
      to.serves().forEach(port -> probes.add(new Probe(world.outside(), to.peer(), port)));
    }
  }

  /** Every probe of the world. */
  List<Probe> probes() {
    return List.copyOf(probes);
  }

  /** The probes a required flow asks for. */
  List<Probe> requiredProbes() {
    return probes.stream().filter(this::required).toList();
  }

  /** The workload a peer belongs to ({@code ns/name[Kind]}), if it is one of the world's pods. */
  String workload(Peer peer) {
    return workloads.get(peer);
  }

  /**
   * Whether the required flows ask for this connection, side by side as the policies are written:
   * the destination's ingress (when it is one of the shop's pods) needs a flow to it from the
   * source, the source's egress (when it is one of the shop's pods) a flow from it to the
   * destination; a flow from a CIDR (the LoadBalancer's 0.0.0.0/0) is from every address in it.
   * kube-dns and the outside host have no policy of their own.
   */
  boolean required(Probe p) {
    boolean ingress =
        !governed(p.to())
            || generated.flows().stream()
                .anyMatch(f -> matches(f, p) && f.destination().equals(workloads.get(p.to())));
    boolean egress =
        !governed(p.from())
            || generated.flows().stream()
                .anyMatch(f -> matches(f, p) && f.source().equals(workloads.get(p.from())));
    return ingress && egress;
  }

  private boolean governed(Peer peer) {
    return world.pods().stream().anyMatch(sp -> sp.peer().equals(peer));
  }

  /** Whether the report's flow is this probe's connection. */
  boolean matches(RequiredFlowLine f, Probe p) {
    return f.protocol().equals(p.port().protocol().name())
        && f.port() == p.port().port()
        && is(f.source(), p.from())
        && is(f.destination(), p.to());
  }

  /** Whether the peer is the report's {@code ns/name[Kind]} workload, or in its CIDR. */
  private boolean is(String reportPeer, Peer peer) {
    if (!reportPeer.contains("[")) {
      return new IPAddressString(reportPeer)
          .getAddress()
          .toPrefixBlock()
          .contains(new IPAddressString(peer.ip()).getAddress());
    }
    return reportPeer.equals(workloads.get(peer));
  }
}
