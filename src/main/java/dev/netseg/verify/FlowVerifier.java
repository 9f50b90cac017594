package dev.netseg.verify;

import dev.netseg.model.Peer;
import dev.netseg.model.RequiredFlow;
import dev.netseg.policy.ClusterSnapshot;
import dev.netseg.policy.Connection;
import dev.netseg.policy.Decision;
import dev.netseg.policy.Endpoint;
import dev.netseg.policy.PolicyEngine;
import dev.netseg.workload.Workload;
import dev.netseg.workload.WorkloadIndex;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Proves, with the semantics engine, which required flows a complete set of policies would block.
 * Each workload is represented by one of its live pods (its pod template when it has none): pods of
 * one workload share labels, ports and namespace, which is all a policy can tell apart. Used by
 * {@code netseg verify} and by the operator's safety gate.
 */
public final class FlowVerifier {
  private final List<Namespace> namespaces;
  private final WorkloadIndex index;

  /** A blocked flow and the engine's reason. */
  public record Blocked(RequiredFlow flow, String reason) {}

  public FlowVerifier(List<Namespace> namespaces, List<Workload> workloads) {
    this.namespaces = List.copyOf(namespaces);
    this.index = WorkloadIndex.of(workloads);
  }

  /**
   * The flows of {@code flows} that {@code policies} block, in input order. Flows whose workload is
   * not known are left out (there is no pod to evaluate).
   *
   * @throws dev.netseg.policy.InvalidPolicyException when a policy is invalid
   */
  public List<Blocked> blocked(List<RequiredFlow> flows, List<NetworkPolicy> policies) {
    PolicyEngine engine =
        PolicyEngine.build(new ClusterSnapshot(namespaces, index.pods(), policies));
    List<Blocked> out = new ArrayList<>();
    for (RequiredFlow f : flows) {
      Optional<Endpoint> src = endpoint(f.source());
      Optional<Endpoint> dst = endpoint(f.destination());
      if (src.isEmpty() || dst.isEmpty()) {
        continue;
      }
      Connection c = new Connection(src.get(), dst.get(), f.protocol(), f.port());
      if (!engine.allows(c)) {
        Decision d = engine.explain(c);
        out.add(new Blocked(f, d.explanation()));
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
