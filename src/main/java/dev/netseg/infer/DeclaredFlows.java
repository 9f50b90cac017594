package dev.netseg.infer;

import dev.netseg.infer.Finding.Kind;
import dev.netseg.infer.Finding.Severity;
import dev.netseg.model.Peer;
import dev.netseg.model.Provenance;
import dev.netseg.workload.Workload;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Rule 1: flows declared in {@code netseg.dev/egress} (what this workload talks to) and {@code
 * netseg.dev/ingress} (who may talk to it, on its own ports) on the workload or its pod template,
 * and explicit allow rules.
 */
final class DeclaredFlows {
  static final String EGRESS = "netseg.dev/egress";
  static final String INGRESS = "netseg.dev/ingress";

  private final EntryResolver resolver;
  private final WorkloadLookup workloads;
  private final FlowSink sink;

  DeclaredFlows(EntryResolver resolver, WorkloadLookup workloads, FlowSink sink) {
    this.resolver = resolver;
    this.workloads = workloads;
    this.sink = sink;
  }

  /** The flows a workload declares in its annotations. */
  void collect(Workload w) {
    String subject = Subjects.of(w.ref());
    for (Map.Entry<String, String> a : annotations(w, EGRESS).entrySet()) {
      for (Numbered n : parse(a.getValue(), a.getKey(), subject)) {
        egress(w, n.entry(), declared(subject, n), subject, n.where());
      }
    }
    for (Map.Entry<String, String> a : annotations(w, INGRESS).entrySet()) {
      for (Numbered n : parse(a.getValue(), a.getKey(), subject)) {
        ingress(w, n.entry(), declared(subject, n), subject, n.where());
      }
    }
  }

  void collect(AllowRule rule) {
    if (rule instanceof AllowRule.ForWorkload r) {
      Provenance why =
          new Provenance(
              Provenance.Source.ALLOW_LIST, r.origin() + " \"" + r.entry().text() + "\"");
      List<Workload> found = workloads.named(r.namespace(), r.workload());
      if (found.isEmpty()) {
        sink.finding(
            Severity.WARNING,
            Kind.UNRESOLVED,
            r.origin(),
            "no workload named "
                + r.workload()
                + " in namespace "
                + r.namespace()
                + " in the input");
      }
      for (Workload w : found) {
        if (r.direction() == AllowRule.Direction.EGRESS) {
          egress(w, r.entry(), why, r.origin(), "\"" + r.entry().text() + "\"");
        } else {
          ingress(w, r.entry(), why, r.origin(), "\"" + r.entry().text() + "\"");
        }
      }
      return;
    }
    AllowRule.Between r = (AllowRule.Between) rule;
    String ns = r.namespace().orElse("default");
    Provenance why =
        new Provenance(
            Provenance.Source.ALLOW_LIST,
            r.origin() + ": " + r.from().text() + " -> " + r.to().text());
    List<Peer> clients = resolver.clients(r.from(), ns, r.origin(), "from");
    if (clients.isEmpty()) {
      return;
    }
    for (Destination d : resolver.destinations(r.to(), ns, r.origin(), "to")) {
      for (Peer client : clients) {
        sink.add(client, d.peer(), d.protocol(), d.port(), why);
      }
    }
  }

  private void egress(Workload w, AllowEntry e, Provenance why, String subject, String where) {
    Peer self = new Peer.WorkloadPeer(w.ref());
    for (Destination d : resolver.destinations(e, w.ref().namespace(), subject, where)) {
      sink.add(self, d.peer(), d.protocol(), d.port(), why);
    }
  }

  private void ingress(Workload w, AllowEntry e, Provenance why, String subject, String where) {
    List<Peer> clients = resolver.clients(e, w.ref().namespace(), subject, where);
    if (clients.isEmpty()) {
      return;
    }
    for (Destination d : resolver.ownPorts(w, e, subject, where)) {
      for (Peer client : clients) {
        sink.add(client, d.peer(), d.protocol(), d.port(), why);
      }
    }
  }

  private record Numbered(AllowEntry entry, String where) {}

  private List<Numbered> parse(String value, String where, String subject) {
    try {
      List<AllowEntry> entries = DeclarationSyntax.parseList(value, where);
      return IntStream.range(0, entries.size())
          .mapToObj(
              i ->
                  new Numbered(
                      entries.get(i),
                      where + " entry " + (i + 1) + " \"" + entries.get(i).text() + "\""))
          .toList();
    } catch (DeclarationException e) {
      sink.finding(Severity.ERROR, Kind.INVALID_DECLARATION, subject, e.getMessage());
      return List.of();
    }
  }

  private static Provenance declared(String subject, Numbered entry) {
    return new Provenance(Provenance.Source.DECLARED, subject + " " + entry.where());
  }

  /**
   * The annotation on the workload and on its pod template, keyed by where it was found; the
   * template's copy is skipped when it repeats the workload's.
   */
  private static Map<String, String> annotations(Workload w, String key) {
    Map<String, String> found = new LinkedHashMap<>();
    Map<String, String> onWorkload = w.metadata().getAnnotations();
    String own = onWorkload == null ? null : onWorkload.get(key);
    if (own != null) {
      found.put("annotation " + key, own);
    }
    Map<String, String> template =
        w.template().getMetadata() == null ? null : w.template().getMetadata().getAnnotations();
    String onTemplate = template == null ? null : template.get(key);
    if (onTemplate != null && !onTemplate.equals(own)) {
      found.put("pod template annotation " + key, onTemplate);
    }
    return found;
  }
}
