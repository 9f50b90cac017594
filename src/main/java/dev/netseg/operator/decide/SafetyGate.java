package dev.netseg.operator.decide;

import dev.netseg.model.Peer;
import dev.netseg.model.RequiredFlow;
import dev.netseg.policy.ClusterSnapshot;
import dev.netseg.policy.Connection;
import dev.netseg.policy.Endpoint;
import dev.netseg.policy.PolicyEngine;
import dev.netseg.workload.Workload;
import dev.netseg.workload.WorkloadIndex;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Proves, with the semantics engine, which required flows a complete set of policies would block.
 * Each workload is represented by one of its live pods (its template when it has none): pods of one
 * workload share labels, ports and namespace, which is all a policy can tell apart.
 */
public final class SafetyGate {
  private final List<Namespace> namespaces;
  private final List<Workload> workloads;
  private final WorkloadIndex index;
  private final List<Pod> pods;

  public SafetyGate(List<Namespace> namespaces, List<Workload> workloads) {
    this.namespaces = List.copyOf(namespaces);
    this.workloads = List.copyOf(workloads);
    this.index = WorkloadIndex.of(this.workloads);
    this.pods = index.pods();
  }

  /** The flows of {@code flows} that {@code policies} block, in input order. */
  public List<RequiredFlow> blocked(List<RequiredFlow> flows, List<NetworkPolicy> policies) {
    PolicyEngine engine = PolicyEngine.build(new ClusterSnapshot(namespaces, pods, policies));
    List<RequiredFlow> out = new ArrayList<>();
    for (RequiredFlow f : flows) {
      Optional<Endpoint> src = endpoint(f.source());
      Optional<Endpoint> dst = endpoint(f.destination());
      if (src.isEmpty() || dst.isEmpty()) {
        continue;
      }
      if (!engine.allows(new Connection(src.get(), dst.get(), f.protocol(), f.port()))) {
        out.add(f);
      }
    }
    return out;
  }

  private Optional<Endpoint> endpoint(Peer peer) {
    if (peer instanceof Peer.ExternalPeer e) {
      return Optional.of(new Endpoint.Address(e.cidr().getLower()));
    }
    Peer.WorkloadPeer w = (Peer.WorkloadPeer) peer;
    return index
        .workload(w.workload())
        .flatMap(workload -> WorkloadIndex.podsOf(workload).stream().findFirst())
        .map(p -> new Endpoint.PodRef(p.getMetadata().getNamespace(), p.getMetadata().getName()));
  }
}
