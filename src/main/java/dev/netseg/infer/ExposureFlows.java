package dev.netseg.infer;

import dev.netseg.infer.AllowEntry.PortRef;
import dev.netseg.infer.Finding.Kind;
import dev.netseg.infer.Finding.Severity;
import dev.netseg.model.Peer;
import dev.netseg.model.Provenance;
import dev.netseg.workload.Workload;
import dev.netseg.workload.WorkloadRef;
import inet.ipaddr.IPAddress;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rule 4: Services reachable from outside the cluster. A LoadBalancer or NodePort Service needs
 * ingress from the configured outside CIDRs (default any address) on its target ports only; a
 * Service an Ingress or a Gateway API route routes to needs it from the ingress controller when one
 * is configured, else from the same CIDRs.
 */
final class ExposureFlows {
  private final ServiceBackends services;
  private final WorkloadLookup workloads;
  private final InferenceOptions.Exposure options;
  private final FlowSink sink;
  private final Set<SelectorPeer> selectorPeers;

  ExposureFlows(
      ServiceBackends services,
      WorkloadLookup workloads,
      InferenceOptions.Exposure options,
      FlowSink sink,
      Set<SelectorPeer> selectorPeers) {
    this.services = services;
    this.workloads = workloads;
    this.options = options;
    this.sink = sink;
    this.selectorPeers = selectorPeers;
  }

  void collect(Service s) {
    String type = s.getSpec() == null ? null : s.getSpec().getType();
    if (!"LoadBalancer".equals(type) && !"NodePort".equals(type)) {
      return;
    }
    String subject = Subjects.of(s);
    ServiceBackends.Resolution r =
        services.resolve(s, Optional.empty(), Optional.empty(), OptionalInt.empty());
    for (String problem : r.problems()) {
      sink.finding(Severity.WARNING, Kind.UNRESOLVED, subject, "type " + type + ": " + problem);
    }
    List<Peer> sources = cidrs();
    for (ServiceBackends.Backend b : r.backends()) {
      Provenance why = new Provenance(Provenance.Source.EXPOSURE, subject + " type " + type);
      for (Peer source : sources) {
        sink.add(source, new Peer.WorkloadPeer(b.workload().ref()), b.protocol(), b.port(), why);
      }
    }
  }

  void collect(Ingress ingress) {
    String subject = Subjects.of(ingress);
    String ns = ServiceBackends.namespace(ingress);
    if (ingress.getSpec() == null) {
      return;
    }
    route(subject + " defaultBackend", ns, ingress.getSpec().getDefaultBackend());
    List<IngressRule> rules = ingress.getSpec().getRules();
    for (int i = 0; rules != null && i < rules.size(); i++) {
      IngressRule rule = rules.get(i);
      if (rule.getHttp() == null || rule.getHttp().getPaths() == null) {
        continue;
      }
      List<HTTPIngressPath> paths = rule.getHttp().getPaths();
      for (int j = 0; j < paths.size(); j++) {
        route(subject + " rules[" + i + "].http.paths[" + j + "]", ns, paths.get(j).getBackend());
      }
    }
  }

  private void route(String field, String ns, IngressBackend backend) {
    if (backend == null || backend.getService() == null) {
      return;
    }
    IngressServiceBackend target = backend.getService();
    Optional<PortRef> port = Optional.empty();
    if (target.getPort() != null && target.getPort().getNumber() != null) {
      port = Optional.of(new PortRef.Number(target.getPort().getNumber()));
    } else if (target.getPort() != null && target.getPort().getName() != null) {
      port = Optional.of(new PortRef.Name(target.getPort().getName()));
    }
    expose(field, ns, target.getName(), port, "");
  }

  /**
   * A Gateway API route (HTTPRoute, GRPCRoute, TLSRoute, TCPRoute, UDPRoute): each Service among
   * its backendRefs is reached through its Gateways as through an Ingress. A route attached to no
   * Gateway is not exposed.
   *
   * @param gateways the Gateways of the input, as {@code namespace/name}
   */
  void collect(HasMetadata route, Set<String> gateways) {
    String subject = Subjects.of(route);
    String ns = ServiceBackends.namespace(route);
    List<String> parents = new ArrayList<>();
    for (ParentReference p : GatewayRoutes.parents(route)) {
      if (p.getName() == null || (p.getKind() != null && !p.getKind().equals("Gateway"))) {
        continue;
      }
      String gw = (p.getNamespace() == null ? ns : p.getNamespace()) + "/" + p.getName();
      parents.add(gateways.contains(gw) ? "Gateway " + gw : "Gateway " + gw + ", not in the input");
    }
    List<GatewayRoutes.Backend> backends = GatewayRoutes.backends(route);
    if (parents.isEmpty()) {
      if (!backends.isEmpty()) {
        sink.finding(
            Severity.WARNING,
            Kind.UNRESOLVED,
            subject,
            "attached to no Gateway (spec.parentRefs): its backends are not exposed");
      }
      return;
    }
    String via = " (via " + String.join(", ", parents) + ")";
    for (GatewayRoutes.Backend b : backends) {
      String field = subject + " " + b.field();
      if (!b.isService()) {
        sink.finding(
            Severity.WARNING,
            Kind.UNRESOLVED,
            field,
            "backend " + b.kind() + " " + b.name() + " is not a Service: not read");
        continue;
      }
      expose(
          field,
          b.namespace() == null ? ns : b.namespace(),
          b.name(),
          b.port() == null ? Optional.empty() : Optional.of(new PortRef.Number(b.port())),
          via);
    }
  }

  /** The Service {@code ns/name} reached from the ingress sources on {@code port}. */
  private void expose(String field, String ns, String name, Optional<PortRef> port, String via) {
    Optional<Service> s = services.service(ns, name);
    if (s.isEmpty()) {
      sink.finding(
          Severity.WARNING,
          Kind.UNRESOLVED,
          field,
          "backend Service " + ns + "/" + name + " is not in the input");
      return;
    }
    ServiceBackends.Resolution r =
        services.resolve(s.get(), port, Optional.empty(), OptionalInt.empty());
    for (String problem : r.problems()) {
      sink.finding(Severity.WARNING, Kind.UNRESOLVED, field, problem);
    }
    Provenance why =
        new Provenance(
            Provenance.Source.EXPOSURE,
            field
                + " -> Service "
                + name
                + port.map(p -> ":" + ServiceBackends.describe(p).replace("\"", "")).orElse("")
                + via);
    List<Peer> sources = ingressSources();
    for (ServiceBackends.Backend b : r.backends()) {
      for (Peer source : sources) {
        sink.add(source, new Peer.WorkloadPeer(b.workload().ref()), b.protocol(), b.port(), why);
      }
    }
  }

  private List<Peer> cidrs() {
    return options.cidrs().stream()
        .map((IPAddress c) -> (Peer) new Peer.ExternalPeer(c, List.of()))
        .toList();
  }

  /**
   * The ingress controller's workloads when they are in the input, else a selector peer for its
   * pods; without a configured controller, the outside CIDRs.
   */
  private List<Peer> ingressSources() {
    if (options.ingressController().isEmpty()) {
      return cidrs();
    }
    InferenceOptions.IngressController c = options.ingressController().get();
    List<Workload> found = workloads.selectedBy(c.namespace(), c.podSelector());
    if (!found.isEmpty()) {
      return found.stream().map(w -> (Peer) new Peer.WorkloadPeer(w.ref())).toList();
    }
    WorkloadRef ref =
        new WorkloadRef(c.namespace(), "ingress-controller", SelectorPeer.INGRESS_CONTROLLER);
    selectorPeers.add(new SelectorPeer(ref, c.podSelector()));
    return List.of(new Peer.WorkloadPeer(ref));
  }

  static Set<SelectorPeer> newPeerSet() {
    return new TreeSet<>((a, b) -> a.ref().compareTo(b.ref()));
  }
}
