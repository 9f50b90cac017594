package dev.netseg.infer;

import dev.netseg.infer.Finding.Kind;
import dev.netseg.infer.Finding.Severity;
import dev.netseg.model.Peer;
import dev.netseg.model.Provenance;
import dev.netseg.policy.Protocol;
import dev.netseg.workload.Workload;
import dev.netseg.workload.WorkloadRef;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Rule 5: what the platform needs. DNS for every workload whose egress is restricted: the pods
 * behind the DNS Service (from the input when present, else the conventional labels) on UDP and TCP
 * 53, and NodeLocal DNSCache when configured. API server egress for the configured clients and for
 * the workloads whose manifests show that they call it (declared clients go through {@link
 * EntryResolver}).
 */
final class PlatformFlows {
  private static final int DNS_PORT = 53;

  private final List<Destination> dns;
  private final String dnsEvidence;
  private final Optional<Destination> nodeLocal;
  private final EntryResolver resolver;
  private final InferenceOptions options;
  private final FlowSink sink;
  private final ApiServerUsage apiUsage;

  PlatformFlows(
      InferenceOptions options,
      ServiceBackends services,
      EntryResolver resolver,
      FlowSink sink,
      Set<SelectorPeer> selectorPeers,
      ApiServerUsage apiUsage) {
    this.options = options;
    this.apiUsage = apiUsage;
    this.resolver = resolver;
    this.sink = sink;
    InferenceOptions.Dns d = options.dns();
    Optional<Service> service = services.service(d.serviceNamespace(), d.serviceName());
    List<Destination> found = new ArrayList<>();
    String name = "Service " + d.serviceNamespace() + "/" + d.serviceName();
    if (service.isPresent() && !services.backing(service.get()).isEmpty()) {
      services
          .resolve(service.get(), Optional.empty(), Optional.empty(), java.util.OptionalInt.of(53))
          .backends()
          .forEach(
              b ->
                  found.add(
                      new Destination(
                          new Peer.WorkloadPeer(b.workload().ref()), b.protocol(), b.port())));
      dnsEvidence = "cluster DNS (" + name + ")";
    } else {
      Map<String, String> labels = d.podLabels();
      int udp = DNS_PORT;
      int tcp = DNS_PORT;
      if (service.isPresent()
          && service.get().getSpec() != null
          && service.get().getSpec().getSelector() != null
          && !service.get().getSpec().getSelector().isEmpty()) {
        labels = service.get().getSpec().getSelector();
        udp = numericTarget(service.get(), Protocol.UDP).orElse(DNS_PORT);
        tcp = numericTarget(service.get(), Protocol.TCP).orElse(DNS_PORT);
        dnsEvidence = "cluster DNS (pods selected by " + name + ")";
      } else {
        dnsEvidence =
            "cluster DNS ("
                + labels.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(","))
                + " in "
                + d.serviceNamespace()
                + "; "
                + name
                + " not in the input)";
      }
      WorkloadRef ref =
          new WorkloadRef(d.serviceNamespace(), d.serviceName(), SelectorPeer.SERVICE);
      if (options.restrictEgress() && d.enabled()) {
        selectorPeers.add(new SelectorPeer(ref, new LabelSelector(null, new TreeMap<>(labels))));
      }
      found.add(new Destination(new Peer.WorkloadPeer(ref), Protocol.UDP, udp));
      found.add(new Destination(new Peer.WorkloadPeer(ref), Protocol.TCP, tcp));
    }
    this.dns = List.copyOf(found);
    this.nodeLocal =
        d.nodeLocal()
            .map(
                ip ->
                    new Destination(
                        new Peer.ExternalPeer(ip.toPrefixBlock(ip.getBitCount()), List.of()),
                        Protocol.UDP,
                        DNS_PORT));
  }

  void collect(List<Workload> workloads) {
    if (!options.restrictEgress()) {
      return;
    }
    if (options.dns().enabled()) {
      Provenance why = new Provenance(Provenance.Source.PLATFORM, dnsEvidence);
      Provenance local =
          new Provenance(
              Provenance.Source.PLATFORM,
              "NodeLocal DNSCache " + nodeLocal.map(n -> n.peer().toString()).orElse(""));
      for (Workload w : workloads) {
        Peer self = new Peer.WorkloadPeer(w.ref());
        for (Destination d : dns) {
          sink.add(self, d.peer(), d.protocol(), d.port(), why);
        }
        nodeLocal.ifPresent(
            n -> {
              sink.add(self, n.peer(), Protocol.UDP, DNS_PORT, local);
              sink.add(self, n.peer(), Protocol.TCP, DNS_PORT, local);
            });
      }
    }
    apiServerClients();
    inferredApiServerClients(workloads);
  }

  /**
   * API server egress for the workloads whose manifests show that they call it ({@link
   * ApiServerUsage}), with the binding or volume as evidence.
   */
  private void inferredApiServerClients(List<Workload> workloads) {
    ApiServerEndpoints api = resolver.apiServer();
    for (Workload w : workloads) {
      List<String> evidence = apiUsage.evidence(w);
      if (evidence.isEmpty()
          || !resolver.requireApiServer(
              Subjects.of(w.ref()), "calls the API server (" + evidence.get(0) + ")")) {
        continue;
      }
      Peer self = new Peer.WorkloadPeer(w.ref());
      for (String e : evidence) {
        Provenance why =
            new Provenance(Provenance.Source.MANIFEST, e + "; API server from " + api.source());
        for (Destination d : api.destinations()) {
          sink.add(self, d.peer(), d.protocol(), d.port(), why);
        }
      }
    }
  }

  private void apiServerClients() {
    ApiServerEndpoints api = resolver.apiServer();
    for (String client : options.apiServer().clients()) {
      String subject = "API server client " + client;
      String[] parts = client.split("/", 2);
      if (parts.length != 2) {
        sink.finding(Severity.ERROR, Kind.INVALID_DECLARATION, subject, "expected namespace/name");
        continue;
      }
      AllowEntry entry =
          new AllowEntry(
              new AllowEntry.Target.ApiServer(), Optional.empty(), Optional.empty(), client);
      List<Peer> clients =
          resolver.clients(
              new AllowEntry(
                  new AllowEntry.Target.Named(Optional.of(parts[0]), parts[1]),
                  Optional.empty(),
                  Optional.empty(),
                  client),
              parts[0],
              subject,
              "configured client");
      if (clients.isEmpty()) {
        continue;
      }
      Provenance why =
          new Provenance(
              Provenance.Source.PLATFORM,
              "API server (" + api.source() + ") for configured client " + client);
      for (Destination d : resolver.destinations(entry, parts[0], subject, "API server")) {
        for (Peer c : clients) {
          sink.add(c, d.peer(), d.protocol(), d.port(), why);
        }
      }
    }
  }

  private static Optional<Integer> numericTarget(Service s, Protocol protocol) {
    if (s.getSpec().getPorts() == null) {
      return Optional.empty();
    }
    for (ServicePort p : s.getSpec().getPorts()) {
      if (p.getPort() != null
          && p.getPort() == DNS_PORT
          && ServiceBackends.protocolOf(p.getProtocol()) == protocol) {
        IntOrString t = p.getTargetPort();
        // a missing or 0 targetPort is the port itself
        return Optional.of(
            t == null || t.getIntVal() == null || t.getIntVal() == 0 ? DNS_PORT : t.getIntVal());
      }
    }
    return Optional.empty();
  }
}
