package dev.netseg.infer;

import dev.netseg.infer.AllowEntry.PortRef;
import dev.netseg.infer.Finding.Kind;
import dev.netseg.infer.Finding.Severity;
import dev.netseg.model.Peer;
import dev.netseg.model.Provenance;
import dev.netseg.workload.Workload;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns an address found in a workload's configuration into flows to the Service's backing
 * workloads and target ports, or into findings: a strong reference that names no Service, an IP
 * literal, a reference that cannot be narrowed to a port, a reference to the workload's own
 * Service.
 */
final class AddressResolution {
  /** Default ports of URL schemes: {@code http://svc} uses only port 80 when the Service has it. */
  private static final Map<String, Integer> SCHEME_PORTS =
      Map.ofEntries(
          Map.entry("http", 80),
          Map.entry("https", 443),
          Map.entry("ws", 80),
          Map.entry("wss", 443),
          Map.entry("grpc", 80),
          Map.entry("redis", 6379),
          Map.entry("rediss", 6379),
          Map.entry("postgres", 5432),
          Map.entry("postgresql", 5432),
          Map.entry("mysql", 3306),
          Map.entry("mariadb", 3306),
          Map.entry("mongodb", 27017),
          Map.entry("amqp", 5672),
          Map.entry("amqps", 5671),
          Map.entry("nats", 4222),
          Map.entry("memcached", 11211),
          Map.entry("ldap", 389),
          Map.entry("ldaps", 636),
          Map.entry("smtp", 25));

  private final ServiceBackends services;
  private final Set<String> namespaces;
  private final String clusterDomain;
  private final FlowSink sink;

  /**
   * @param namespaces every namespace the input names: a two-label host {@code a.b} is read as
   *     Service {@code a} of namespace {@code b} only when that Service exists or {@code b} is one
   *     of them ({@code example.dev} is a public name)
   */
  AddressResolution(
      ServiceBackends services, Set<String> namespaces, String clusterDomain, FlowSink sink) {
    this.services = services;
    this.namespaces = namespaces;
    this.clusterDomain = clusterDomain;
    this.sink = sink;
  }

  /**
   * @param field where the reference is, for findings and evidence
   * @param portNote why the reference has no port when another key could have given it, or empty
   */
  void resolve(Workload w, String field, AddressReference ref, Optional<String> portNote) {
    if (ref.isIpLiteral()) {
      sink.finding(
          Severity.WARNING,
          Kind.UNRESOLVED,
          field,
          "\""
              + ref.text()
              + "\" is an IP address, not a Service; if the connection is needed, declare it"
              + " (netseg.dev/egress: "
              + (ref.host().contains(":") ? "[" + ref.host() + "]" : ref.host())
              + ":"
              + (ref.port().isPresent() ? ref.port().getAsInt() : "<port>")
              + ")");
      return;
    }
    Optional<ServiceName> name = ServiceName.of(ref.host(), w.ref().namespace(), clusterDomain);
    Optional<Service> service = name.flatMap(n -> services.service(n.namespace(), n.name()));
    if (service.isEmpty()) {
      if (ref.strong() && !publicName(ref.host(), name)) {
        sink.finding(
            Severity.WARNING,
            Kind.UNRESOLVED,
            field,
            "\""
                + ref.describe()
                + "\" names no Service of the input"
                + name.map(n -> " (looked for Service " + n + ")")
                    .orElse(" (an outside host: allow its addresses with a CIDR entry)"));
      }
      return;
    }
    Service s = service.get();
    Optional<PortRef> port =
        ref.port().isPresent()
            ? Optional.of(new PortRef.Number(ref.port().getAsInt()))
            : Optional.empty();
    OptionalInt preferred =
        ref.scheme().map(SCHEME_PORTS::get).map(OptionalInt::of).orElse(OptionalInt.empty());
    ServiceBackends.Resolution r = services.resolve(s, port, Optional.empty(), preferred);
    for (String problem : r.problems()) {
      sink.finding(
          Severity.WARNING, Kind.UNRESOLVED, field, "\"" + ref.describe() + "\": " + problem);
    }
    Provenance why =
        new Provenance(
            Provenance.Source.MANIFEST, field + ": " + Subjects.abbreviate(ref.describe()));
    Peer self = new Peer.WorkloadPeer(w.ref());
    List<ServiceBackends.Backend> others = new ArrayList<>();
    boolean toItself = false;
    for (ServiceBackends.Backend b : r.backends()) {
      if (b.workload().ref().equals(w.ref())) {
        toItself = true; // its own address (advertised, or a database given its own URL)
      } else {
        others.add(b);
        sink.add(self, new Peer.WorkloadPeer(b.workload().ref()), b.protocol(), b.port(), why);
      }
    }
    if (toItself) {
      sink.finding(
          Severity.INFO,
          Kind.SELF_REFERENCE,
          field,
          "\""
              + ref.describe()
              + "\" names its own "
              + Subjects.of(s)
              + ": no rule from the workload to itself (declare it, or let it be observed, if it"
              + " does call itself)");
    }
    if (port.isEmpty() && !others.isEmpty() && !narrowedByScheme(s, preferred)) {
      broad(field, ref, s, others, portNote);
    }
  }

  /** A reference without a port to a Service with several ports: which ports, and why. */
  private void broad(
      String field,
      AddressReference ref,
      Service s,
      List<ServiceBackends.Backend> backends,
      Optional<String> portNote) {
    Set<String> ports = new TreeSet<>();
    for (ServiceBackends.Backend b : backends) {
      ports.add(b.protocol() + " " + b.port());
    }
    long servicePorts =
        s.getSpec().getPorts() == null
            ? 0
            : s.getSpec().getPorts().stream().filter(p -> p.getPort() != null).count();
    if (servicePorts < 2) {
      return;
    }
    sink.finding(
        Severity.INFO,
        Kind.BROAD_PORTS,
        field,
        "\""
            + ref.describe()
            + "\" names "
            + Subjects.of(s)
            + " without a port: all its "
            + servicePorts
            + " ports are allowed ("
            + String.join(", ", ports)
            + ")"
            + portNote.map(n -> "; " + n).orElse("")
            + "; give the port (host:port, or a ..._PORT key beside the host's) to narrow it");
  }

  /** Whether a URL scheme's default port picked one port of the Service. */
  private static boolean narrowedByScheme(Service s, OptionalInt preferred) {
    if (preferred.isEmpty() || s.getSpec().getPorts() == null) {
      return false;
    }
    for (ServicePort p : s.getSpec().getPorts()) {
      if (p.getPort() != null && p.getPort() == preferred.getAsInt()) {
        return true;
      }
    }
    return false;
  }

  /**
   * A two-label name ({@code example.dev}) whose second label is no namespace of the input: a
   * public domain name, not Service {@code example} of namespace {@code dev}.
   */
  private boolean publicName(String host, Optional<ServiceName> name) {
    return name.isPresent()
        && host.indexOf('.') > 0
        && host.indexOf('.') == host.lastIndexOf('.')
        && !namespaces.contains(name.get().namespace());
  }
}
