package dev.netseg.verify;

import dev.netseg.model.Peer;
import dev.netseg.model.RequiredFlow;
import dev.netseg.policy.ClusterSnapshot;
import dev.netseg.policy.Connection;
import dev.netseg.policy.Decision;
import dev.netseg.policy.Endpoint;
import dev.netseg.policy.PolicyEngine;
import dev.netseg.workload.StandInNamespaces;
import dev.netseg.workload.Workload;
import dev.netseg.workload.WorkloadIndex;
import dev.netseg.workload.WorkloadRef;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
  private final Map<WorkloadRef, Pod> standIns;

  /** A blocked flow and the engine's reason. */
  public record Blocked(RequiredFlow flow, String reason) {}

  public FlowVerifier(List<Namespace> namespaces, List<Workload> workloads) {
    this(namespaces, workloads, Map.of());
  }

  /**
   * @param standIns pods that stand for peers the workloads do not hold (the cluster DNS): flows to
   *     or from them are judged on these pods; their namespaces, if not among {@code namespaces},
   *     get only the label the API server sets ({@code kubernetes.io/metadata.name})
   */
  public FlowVerifier(
      List<Namespace> namespaces, List<Workload> workloads, Map<WorkloadRef, Pod> standIns) {
    this.namespaces = StandInNamespaces.with(namespaces, standIns.values());
    this.index = WorkloadIndex.of(workloads);
    this.standIns = Map.copyOf(standIns);
  }

  /** The decisions of one set of policies. */
  public final class Judge {
    private final PolicyEngine engine;

    private Judge(PolicyEngine engine) {
      this.engine = engine;
    }

    /** The engine's decision on a flow; empty when an end has no pod to evaluate it on. */
    public Optional<Decision> decide(RequiredFlow f) {
      Optional<Endpoint> src = endpoint(f.source());
      Optional<Endpoint> dst = endpoint(f.destination());
      if (src.isEmpty() || dst.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          engine.explain(new Connection(src.get(), dst.get(), f.protocol(), f.port())));
    }
  }

  /**
   * The judge of a complete set of policies.
   *
   * @throws dev.netseg.policy.InvalidPolicyException when a policy is invalid
   */
  public Judge judge(List<NetworkPolicy> policies) {
    List<Pod> pods = new ArrayList<>(index.pods());
    pods.addAll(standIns.values());
    return new Judge(PolicyEngine.build(new ClusterSnapshot(namespaces, pods, policies)));
  }

  /**
   * The flows of {@code flows} that {@code policies} block, in input order. Flows whose workload is
   * not known are left out (there is no pod to evaluate).
   *
   * @throws dev.netseg.policy.InvalidPolicyException when a policy is invalid
   */
  public List<Blocked> blocked(List<RequiredFlow> flows, List<NetworkPolicy> policies) {
    Judge judge = judge(policies);
    List<Blocked> out = new ArrayList<>();
    for (RequiredFlow f : flows) {
      judge
          .decide(f)
          .filter(d -> !d.allowed())
          .ifPresent(d -> out.add(new Blocked(f, d.explanation())));
    }
    return out;
  }

  private Optional<Endpoint> endpoint(Peer peer) {
    if (peer instanceof Peer.ExternalPeer e) {
      return Optional.of(new Endpoint.Address(e.cidr().getLower()));
    }
    Peer.WorkloadPeer w = (Peer.WorkloadPeer) peer;
    Optional<Pod> pod =
        index
            .workload(w.workload())
            .flatMap(workload -> WorkloadIndex.podsOf(workload).stream().findFirst())
            .or(() -> Optional.ofNullable(standIns.get(w.workload())));
    return pod.map(
        p -> new Endpoint.PodRef(p.getMetadata().getNamespace(), p.getMetadata().getName()));
  }
}
