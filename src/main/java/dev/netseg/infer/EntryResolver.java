package dev.netseg.infer;

import dev.netseg.infer.AllowEntry.PortRef;
import dev.netseg.infer.AllowEntry.Target;
import dev.netseg.infer.Finding.Kind;
import dev.netseg.infer.Finding.Severity;
import dev.netseg.model.Peer;
import dev.netseg.policy.Protocol;
import dev.netseg.workload.Workload;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Resolves declaration entries against the input. A name is a Service if one exists (its backing
 * workloads, Service ports translated to target ports), else a workload of that name (its container
 * ports). Problems are reported to the sink under the given subject.
 */
final class EntryResolver {
  private final WorkloadLookup workloads;
  private final ServiceBackends services;
  private final ApiServerEndpoints apiServer;
  private final FlowSink sink;

  EntryResolver(
      WorkloadLookup workloads,
      ServiceBackends services,
      ApiServerEndpoints apiServer,
      FlowSink sink) {
    this.workloads = workloads;
    this.services = services;
    this.apiServer = apiServer;
    this.sink = sink;
  }

  ApiServerEndpoints apiServer() {
    return apiServer;
  }

  /** The clients an entry names (its port, if any, is ignored). */
  List<Peer> clients(AllowEntry e, String namespace, String subject, String where) {
    if (e.target() instanceof Target.Cidr cidr) {
      return List.of(new Peer.ExternalPeer(cidr.block(), List.of()));
    }
    if (e.target() instanceof Target.ApiServer) {
      if (!requireApiServer(subject, where)) {
        return List.of();
      }
      return apiServer.destinations().stream().map(Destination::peer).distinct().toList();
    }
    Target.Named named = (Target.Named) e.target();
    String ns = named.namespace().orElse(namespace);
    Optional<Service> service = services.service(ns, named.name());
    List<Workload> found;
    if (service.isPresent()) {
      found = services.backing(service.get());
      if (found.isEmpty()) {
        sink.finding(
            Severity.WARNING,
            Kind.UNRESOLVED,
            subject,
            where + ": Service " + ns + "/" + named.name() + " selects no workload of the input");
      }
    } else {
      found = workloads.named(ns, named.name());
      if (found.isEmpty()) {
        unresolvedName(subject, where, ns, named.name());
      }
    }
    return found.stream().map(w -> (Peer) new Peer.WorkloadPeer(w.ref())).toList();
  }

  /** The destinations (with target ports) an entry names. */
  List<Destination> destinations(AllowEntry e, String namespace, String subject, String where) {
    if (e.target() instanceof Target.ApiServer) {
      return requireApiServer(subject, where) ? apiServer.destinations() : List.of();
    }
    if (e.target() instanceof Target.Cidr cidr) {
      if (!(e.port().orElse(null) instanceof PortRef.Number n)) {
        sink.finding(
            Severity.ERROR,
            Kind.INVALID_DECLARATION,
            subject,
            where + ": an address destination needs a port number (e.g. 10.0.0.0/8:5432)");
        return List.of();
      }
      return List.of(
          new Destination(
              new Peer.ExternalPeer(cidr.block(), List.of()),
              e.protocol().orElse(Protocol.TCP),
              n.value()));
    }
    Target.Named named = (Target.Named) e.target();
    String ns = named.namespace().orElse(namespace);
    Optional<Service> service = services.service(ns, named.name());
    if (service.isPresent()) {
      ServiceBackends.Resolution r =
          services.resolve(service.get(), e.port(), e.protocol(), OptionalInt.empty());
      for (String problem : r.problems()) {
        sink.finding(Severity.WARNING, Kind.UNRESOLVED, subject, where + ": " + problem);
      }
      return r.backends().stream()
          .map(
              b ->
                  new Destination(
                      new Peer.WorkloadPeer(b.workload().ref()), b.protocol(), b.port()))
          .toList();
    }
    List<Workload> found = workloads.named(ns, named.name());
    if (found.isEmpty()) {
      unresolvedName(subject, where, ns, named.name());
      return List.of();
    }
    List<Destination> out = new ArrayList<>();
    for (Workload w : found) {
      out.addAll(ownPorts(w, e, subject, where));
    }
    return out;
  }

  /**
   * A workload's own ports an entry names: a number (any number: container ports need not be
   * declared), a container port name, or every declared container port when no port is given.
   */
  List<Destination> ownPorts(Workload w, AllowEntry e, String subject, String where) {
    Peer self = new Peer.WorkloadPeer(w.ref());
    if (e.port().orElse(null) instanceof PortRef.Number n) {
      return List.of(new Destination(self, e.protocol().orElse(Protocol.TCP), n.value()));
    }
    if (e.port().isPresent()) {
      Optional<ContainerPort> c = ServiceBackends.containerPort(w, e.port(), e.protocol());
      if (c.isEmpty()) {
        sink.finding(
            Severity.WARNING,
            Kind.UNRESOLVED,
            subject,
            where
                + ": "
                + Subjects.of(w.ref())
                + " has no container port "
                + ServiceBackends.describe(e.port(), e.protocol()));
        return List.of();
      }
      return List.of(
          new Destination(
              self, ServiceBackends.protocolOf(c.get().getProtocol()), c.get().getContainerPort()));
    }
    List<Destination> all =
        WorkloadLookup.containerPorts(w).stream()
            .filter(
                c ->
                    e.protocol().isEmpty()
                        || ServiceBackends.protocolOf(c.getProtocol()) == e.protocol().get())
            .map(
                c ->
                    new Destination(
                        self, ServiceBackends.protocolOf(c.getProtocol()), c.getContainerPort()))
            .distinct()
            .toList();
    if (all.isEmpty()) {
      sink.finding(
          Severity.WARNING,
          Kind.UNRESOLVED,
          subject,
          where
              + ": no port given and "
              + Subjects.of(w.ref())
              + " declares no container ports; write the port");
    }
    return all;
  }

  /** True when the API server's address is known; otherwise reports it for {@code subject}. */
  boolean requireApiServer(String subject, String where) {
    if (!apiServer.known()) {
      sink.finding(
          Severity.WARNING,
          Kind.PLATFORM,
          subject,
          where
              + ": the API server's address is unknown (no EndpointSlice of default/kubernetes in"
              + " the input and no API server CIDRs configured)");
      return false;
    }
    return true;
  }

  private void unresolvedName(String subject, String where, String ns, String name) {
    sink.finding(
        Severity.WARNING,
        Kind.UNRESOLVED,
        subject,
        where + ": no Service or workload named " + name + " in namespace " + ns + " in the input");
  }
}
