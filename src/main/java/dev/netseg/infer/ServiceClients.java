package dev.netseg.infer;

import dev.netseg.model.Peer;
import dev.netseg.model.RequiredFlow;
import dev.netseg.policy.Protocol;
import dev.netseg.workload.Workload;
import dev.netseg.workload.WorkloadRef;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Which Services of the input have a known client: some required flow, from any evidence (exposure
 * included), reaches one of their backing workloads on one of their target ports. A Service without
 * one is either unused or called from addresses netseg cannot see (in code, in a Secret): its
 * callers would all be blocked by the policies.
 */
public final class ServiceClients {
  /**
   * @param services the Services counted: with a selector that selects workloads of the input, not
   *     ExternalName, as {@code namespace/name}
   * @param withoutClient those of them no required flow reaches, sorted
   */
  public record Result(List<String> services, List<String> withoutClient) {
    public Result {
      services = List.copyOf(services);
      withoutClient = List.copyOf(withoutClient);
    }
  }

  private record Target(WorkloadRef workload, Protocol protocol, int port) {}

  private ServiceClients() {}

  public static Result of(InferenceInput input, List<RequiredFlow> flows) {
    Set<Target> reached = new HashSet<>();
    for (RequiredFlow f : flows) {
      if (f.destination() instanceof Peer.WorkloadPeer w) {
        reached.add(new Target(w.workload(), f.protocol(), f.port()));
      }
    }
    ServiceBackends backends =
        new ServiceBackends(new WorkloadLookup(input.workloads()), input.services());
    List<String> counted = new ArrayList<>();
    List<String> without = new ArrayList<>();
    for (Service s : input.services()) {
      if (s.getSpec() == null
          || "ExternalName".equals(s.getSpec().getType())
          || s.getSpec().getSelector() == null
          || s.getSpec().getSelector().isEmpty()) {
        continue;
      }
      List<Workload> behind = backends.backing(s);
      if (behind.isEmpty()) {
        continue;
      }
      String name = ServiceBackends.namespace(s) + "/" + s.getMetadata().getName();
      counted.add(name);
      if (!reachedAny(s, behind, reached)) {
        without.add(name);
      }
    }
    counted.sort(null);
    without.sort(null);
    return new Result(counted, without);
  }

  private static boolean reachedAny(Service s, List<Workload> behind, Set<Target> reached) {
    List<ServicePort> ports = s.getSpec().getPorts() == null ? List.of() : s.getSpec().getPorts();
    for (Workload w : behind) {
      for (ServicePort sp : ports) {
        if (sp.getPort() == null) {
          continue;
        }
        Protocol protocol = ServiceBackends.protocolOf(sp.getProtocol());
        OptionalInt target = ServiceBackends.targetPort(sp, protocol, w);
        if (target.isPresent()
            && reached.contains(new Target(w.ref(), protocol, target.getAsInt()))) {
          return true;
        }
      }
      if (ports.isEmpty() && reachedOnAnyPort(w.ref(), reached)) {
        return true; // a headless Service without ports: its pods are reached directly
      }
    }
    return false;
  }

  private static boolean reachedOnAnyPort(WorkloadRef w, Set<Target> reached) {
    return reached.stream().anyMatch(t -> t.workload().equals(w));
  }
}
