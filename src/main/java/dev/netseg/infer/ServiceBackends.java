package dev.netseg.infer;

import dev.netseg.infer.AllowEntry.PortRef;
import dev.netseg.policy.Protocol;
import dev.netseg.workload.Workload;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Resolves Services to the workloads behind them and Service ports to the pods' target ports, which
 * is what a NetworkPolicy sees: the Service translation happens before policy.
 */
final class ServiceBackends {
  /** A workload and one of its target ports. */
  record Backend(Workload workload, Protocol protocol, int port) {}

  /** The backends found, and what could not be resolved (messages without the subject). */
  record Resolution(List<Backend> backends, List<String> problems) {}

  private record Query(
      Service service, Optional<PortRef> port, Optional<Protocol> protocol, OptionalInt preferred) {
    // Services are compared by identity: a fabric8 object's own hashCode walks the whole object.
    @Override
    public boolean equals(Object o) {
      return o instanceof Query q
          && q.service == service
          && q.port.equals(port)
          && q.protocol.equals(protocol)
          && q.preferred.equals(preferred);
    }

    @Override
    public int hashCode() {
      int p = port.map(r -> r instanceof PortRef.Number n ? n.value() : r.hashCode()).orElse(0);
      return ((System.identityHashCode(service) * 31 + p) * 31
                  + protocol.map(Enum::ordinal).orElse(3))
              * 31
          + preferred.orElse(0);
    }
  }

  private final WorkloadLookup workloads;
  private final Map<String, Map<String, Service>> services = new HashMap<>();
  // fabric8 objects hash their whole content: key them by identity
  private final Map<Service, List<Workload>> backing = new IdentityHashMap<>();
  // Many clients name the same Service port: resolve each once per inference run.
  private final Map<Query, Resolution> resolved = new HashMap<>();

  ServiceBackends(WorkloadLookup workloads, List<Service> services) {
    this.workloads = workloads;
    for (Service s : services) {
      this.services
          .computeIfAbsent(namespace(s), k -> new HashMap<>())
          .put(s.getMetadata().getName(), s);
    }
  }

  Optional<Service> service(String namespace, String name) {
    return Optional.ofNullable(services.getOrDefault(namespace, Map.of()).get(name));
  }

  /** The Service's backing workloads, or empty when it has no selector. */
  List<Workload> backing(Service s) {
    return backing.computeIfAbsent(
        s,
        k -> {
          Map<String, String> selector = s.getSpec() == null ? null : s.getSpec().getSelector();
          return selector == null || selector.isEmpty()
              ? List.of()
              : workloads.selectedBy(namespace(s), selector);
        });
  }

  /**
   * Resolves a reference to a Service.
   *
   * @param port the Service port by number or name; empty: every port (or {@code preferred})
   * @param protocol restricts the Service ports to this protocol
   * @param preferred a URL scheme's default port: used alone when the Service has it
   */
  Resolution resolve(
      Service s, Optional<PortRef> port, Optional<Protocol> protocol, OptionalInt preferred) {
    return resolved.computeIfAbsent(
        new Query(s, port, protocol, preferred),
        q -> compute(q.service(), q.port(), q.protocol(), q.preferred()));
  }

  private Resolution compute(
      Service s, Optional<PortRef> port, Optional<Protocol> protocol, OptionalInt preferred) {
    String name = "Service " + namespace(s) + "/" + s.getMetadata().getName();
    ServiceSpec spec = s.getSpec();
    if (spec != null && "ExternalName".equals(spec.getType())) {
      return fail(
          name
              + " is an ExternalName Service ("
              + spec.getExternalName()
              + ", outside the cluster)");
    }
    if (spec == null || spec.getSelector() == null || spec.getSelector().isEmpty()) {
      return fail(name + " has no selector: its endpoints are not workloads netseg can select");
    }
    List<Workload> behind = backing(s);
    if (behind.isEmpty()) {
      return fail(name + " selects no workload of the input (selector " + spec.getSelector() + ")");
    }
    List<ServicePort> ports = matchingPorts(spec, port, protocol, preferred);
    List<Backend> backends = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    if (ports.isEmpty()) {
      // No such Service port: a client may address the pods directly (headless Service, pod DNS
      // names) on a container port, which must then be declared by the backing pods.
      for (Workload w : behind) {
        Optional<ContainerPort> direct = containerPort(w, port, protocol);
        direct.ifPresent(
            c -> backends.add(new Backend(w, protocolOf(c.getProtocol()), c.getContainerPort())));
      }
      if (backends.isEmpty()) {
        problems.add(name + " has no port " + describe(port, protocol));
      }
      return new Resolution(List.copyOf(backends), List.copyOf(problems));
    }
    for (ServicePort sp : ports) {
      Protocol proto = protocolOf(sp.getProtocol());
      for (Workload w : behind) {
        OptionalInt target = targetPort(sp, proto, w);
        if (target.isPresent()) {
          backends.add(new Backend(w, proto, target.getAsInt()));
        } else {
          problems.add(
              name
                  + " port "
                  + sp.getPort()
                  + " targetPort \""
                  + sp.getTargetPort().getStrVal()
                  + "\" names no "
                  + proto
                  + " container port of "
                  + Subjects.of(w.ref()));
        }
      }
    }
    return new Resolution(List.copyOf(backends), List.copyOf(problems));
  }

  private static List<ServicePort> matchingPorts(
      ServiceSpec spec,
      Optional<PortRef> port,
      Optional<Protocol> protocol,
      OptionalInt preferred) {
    List<ServicePort> all =
        spec.getPorts() == null
            ? List.of()
            : spec.getPorts().stream()
                .filter(sp -> sp.getPort() != null)
                .filter(sp -> protocol.isEmpty() || protocolOf(sp.getProtocol()) == protocol.get())
                .toList();
    if (port.isPresent()) {
      return all.stream().filter(sp -> matches(sp, port.get())).toList();
    }
    if (preferred.isPresent()) {
      List<ServicePort> pref =
          all.stream().filter(sp -> sp.getPort() == preferred.getAsInt()).toList();
      if (!pref.isEmpty()) {
        return pref;
      }
    }
    return all;
  }

  private static boolean matches(ServicePort sp, PortRef ref) {
    return ref instanceof PortRef.Number n
        ? sp.getPort() == n.value()
        : ((PortRef.Name) ref).value().equals(sp.getName());
  }

  /** The container port a Service port sends to on a workload's pods. */
  static OptionalInt targetPort(ServicePort sp, Protocol protocol, Workload w) {
    IntOrString target = sp.getTargetPort();
    // Missing or 0: the same as port, as the API server defaults it.
    if (target == null
        || (target.getIntVal() == null && target.getStrVal() == null)
        || (target.getIntVal() != null && target.getIntVal() == 0)) {
      return OptionalInt.of(sp.getPort());
    }
    if (target.getIntVal() != null) {
      return OptionalInt.of(target.getIntVal());
    }
    return WorkloadLookup.containerPorts(w).stream()
        .filter(c -> target.getStrVal().equals(c.getName()))
        .filter(c -> protocolOf(c.getProtocol()) == protocol)
        .mapToInt(ContainerPort::getContainerPort)
        .findFirst();
  }

  /** A container port of the workload by number or name (and protocol, if given). */
  static Optional<ContainerPort> containerPort(
      Workload w, Optional<PortRef> port, Optional<Protocol> protocol) {
    if (port.isEmpty()) {
      return Optional.empty();
    }
    return WorkloadLookup.containerPorts(w).stream()
        .filter(c -> protocol.isEmpty() || protocolOf(c.getProtocol()) == protocol.get())
        .filter(
            c ->
                port.get() instanceof PortRef.Number n
                    ? c.getContainerPort() == n.value()
                    : ((PortRef.Name) port.get()).value().equals(c.getName()))
        .findFirst();
  }

  static Protocol protocolOf(String name) {
    return name == null ? Protocol.TCP : Protocol.parse(name).orElse(Protocol.TCP);
  }

  static String describe(Optional<PortRef> port, Optional<Protocol> protocol) {
    String p = port.map(ServiceBackends::describe).orElse("(any)");
    return protocol.map(pr -> p + "/" + pr).orElse(p);
  }

  static String describe(PortRef ref) {
    return ref instanceof PortRef.Number n
        ? String.valueOf(n.value())
        : "\"" + ((PortRef.Name) ref).value() + "\"";
  }

  static String namespace(io.fabric8.kubernetes.api.model.HasMetadata o) {
    return Objects.requireNonNullElse(o.getMetadata().getNamespace(), "default");
  }

  private static Resolution fail(String problem) {
    return new Resolution(List.of(), List.of(problem));
  }
}
