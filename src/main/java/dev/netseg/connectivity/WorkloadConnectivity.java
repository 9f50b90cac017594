package dev.netseg.connectivity;

import dev.netseg.manifest.Manifests;
import dev.netseg.policy.ClusterSnapshot;
import dev.netseg.policy.Connection;
import dev.netseg.policy.Endpoint;
import dev.netseg.policy.PolicyEngine;
import dev.netseg.policy.Protocol;
import dev.netseg.workload.StandInNamespaces;
import dev.netseg.workload.Workload;
import dev.netseg.workload.WorkloadExtractor;
import dev.netseg.workload.WorkloadRef;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The semantics engine over the workloads of a set of manifests, each workload's pod template
 * standing for its pods, as {@code netseg connectivity} sees them: the one place that decides how a
 * workload becomes an engine endpoint, so that every view of the same manifests (the connectivity
 * lines, the map) uses the same words.
 *
 * @param workloads the workloads, in input order
 * @param endpoints the engine endpoint of each workload: its pod template under the workload's
 *     name, or {@code name.kind} where two workloads of different kinds share a name in one
 *     namespace
 * @param engine the engine over those pods and the manifests' namespaces and policies
 */
public record WorkloadConnectivity(
    List<Workload> workloads, Map<WorkloadRef, Endpoint.PodRef> endpoints, PolicyEngine engine) {
  public WorkloadConnectivity {
    workloads = List.copyOf(workloads);
    endpoints = Map.copyOf(endpoints);
  }

  /**
   * @throws dev.netseg.policy.InvalidPolicyException for a policy the API server would reject
   */
  public static WorkloadConnectivity of(Manifests manifests) {
    return of(manifests, Map.of());
  }

  /**
   * As {@link #of(Manifests)}, with pods that stand for peers the manifests do not hold (the
   * cluster DNS): they are in the engine and have endpoints, but are no workloads.
   */
  public static WorkloadConnectivity of(Manifests manifests, Map<WorkloadRef, Pod> standIns) {
    List<Workload> workloads = new WorkloadExtractor().fromManifests(manifests);
    Map<WorkloadRef, Endpoint.PodRef> endpoints = new LinkedHashMap<>(endpointsOf(workloads));
    List<Pod> pods = new ArrayList<>();
    for (Workload w : workloads) {
      Endpoint.PodRef ref = endpoints.get(w.ref());
      pods.add(
          new PodBuilder(w.template())
              .editMetadata()
              .withNamespace(ref.namespace())
              .withName(ref.name())
              .endMetadata()
              .build());
    }
    standIns.forEach(
        (ref, pod) -> {
          if (!endpoints.containsKey(ref)) {
            pods.add(pod);
            endpoints.put(
                ref,
                new Endpoint.PodRef(pod.getMetadata().getNamespace(), pod.getMetadata().getName()));
          }
        });
    PolicyEngine engine =
        PolicyEngine.build(
            new ClusterSnapshot(
                StandInNamespaces.with(manifests.namespaces(), standIns.values()),
                pods,
                manifests.networkPolicies()));
    return new WorkloadConnectivity(workloads, endpoints, engine);
  }

  /** The engine endpoint of a workload; empty for one the manifests do not hold. */
  public Optional<Endpoint> endpoint(WorkloadRef workload) {
    return Optional.ofNullable(endpoints.get(workload));
  }

  /** Whether the policies allow one connection between two endpoints. */
  public boolean allows(Endpoint source, Endpoint destination, Protocol protocol, int port) {
    return engine.allows(new Connection(source, destination, protocol, port));
  }

  /** The engine's reasons for one connection, in {@code connectivity --explain}'s words. */
  public String explain(Endpoint source, Endpoint destination, Protocol protocol, int port) {
    return engine.explain(new Connection(source, destination, protocol, port)).explanation();
  }

  private static Map<WorkloadRef, Endpoint.PodRef> endpointsOf(List<Workload> workloads) {
    Map<String, Integer> uses = new HashMap<>();
    for (Workload w : workloads) {
      uses.merge(w.ref().namespace() + "/" + w.ref().name(), 1, Integer::sum);
    }
    Map<WorkloadRef, Endpoint.PodRef> out = new LinkedHashMap<>();
    for (Workload w : workloads) {
      WorkloadRef r = w.ref();
      boolean shared = uses.get(r.namespace() + "/" + r.name()) > 1;
      String name = shared ? r.name() + "." + r.kind().toLowerCase(Locale.ROOT) : r.name();
      out.put(r, new Endpoint.PodRef(r.namespace(), name));
    }
    return out;
  }
}
