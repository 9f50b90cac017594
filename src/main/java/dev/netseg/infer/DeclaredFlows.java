package dev.netseg.infer;

import dev.netseg.infer.Finding.Kind;
import dev.netseg.infer.Finding.Severity;
import dev.netseg.model.Peer;
import dev.netseg.model.Provenance;
import dev.netseg.workload.Workload;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rule 1: flows declared in {@code netseg.dev/egress} (what this workload talks to) and {@code
 * netseg.dev/ingress} (who may talk to it, on its own ports) on the workload or its pod template,
 * and explicit allow rules.
 */
final class DeclaredFlows {
  static final String EGRESS = "netseg.dev/egress";
  static final String INGRESS = "netseg.dev/ingress";

  private final EntryResolver resolver;
  private final FlowSink sink;

  DeclaredFlows(EntryResolver resolver, FlowSink sink) {
    this.resolver = resolver;
    this.sink = sink;
  }

  /** The flows a workload declares in its annotations. */
  void collect(Workload w) {
    String subject = Subjects.of(w.ref());
    Peer self = new Peer.WorkloadPeer(w.ref());
    for (Map.Entry<String, String> a : annotations(w, EGRESS).entrySet()) {
      for (Numbered entry : parse(a.getValue(), a.getKey(), subject)) {
        Provenance why = provenance(subject, a.getKey(), entry);
        for (Destination d :
            resolver.destinations(entry.entry(), w.ref().namespace(), subject, entry.where())) {
          sink.add(self, d.peer(), d.protocol(), d.port(), why);
        }
      }
    }
    for (Map.Entry<String, String> a : annotations(w, INGRESS).entrySet()) {
      for (Numbered entry : parse(a.getValue(), a.getKey(), subject)) {
        Provenance why = provenance(subject, a.getKey(), entry);
        List<Peer> clients =
            resolver.clients(entry.entry(), w.ref().namespace(), subject, entry.where());
        if (clients.isEmpty()) {
          continue;
        }
        for (Destination d : resolver.ownPorts(w, entry.entry(), subject, entry.where())) {
          for (Peer client : clients) {
            sink.add(client, d.peer(), d.protocol(), d.port(), why);
          }
        }
      }
    }
  }

  void collect(AllowRule rule) {
    String ns = rule.namespace().orElse("default");
    Provenance why =
        new Provenance(
            Provenance.Source.ALLOW_LIST,
            rule.origin() + ": " + rule.from().text() + " -> " + rule.to().text());
    List<Peer> clients = resolver.clients(rule.from(), ns, rule.origin(), "from");
    if (clients.isEmpty()) {
      return;
    }
    for (Destination d : resolver.destinations(rule.to(), ns, rule.origin(), "to")) {
      for (Peer client : clients) {
        sink.add(client, d.peer(), d.protocol(), d.port(), why);
      }
    }
  }

  private record Numbered(AllowEntry entry, String where) {}

  private List<Numbered> parse(String value, String where, String subject) {
    try {
      List<AllowEntry> entries = DeclarationSyntax.parseList(value, where);
      return java.util.stream.IntStream.range(0, entries.size())
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

  private static Provenance provenance(String subject, String where, Numbered entry) {
    return new Provenance(Provenance.Source.DECLARED, subject + " " + entry.where());
  }

  /**
   * The annotation on the workload and on its pod template, keyed by where it was found; the
   * template's copy is skipped when it repeats the workload's.
   */
  private static Map<String, String> annotations(Workload w, String key) {
    Map<String, String> found = new LinkedHashMap<>();
    String own =
        w.metadata().getAnnotations() == null ? null : w.metadata().getAnnotations().get(key);
    if (own != null) {
      found.put("annotation " + key, own);
    }
    Map<String, String> template =
        w.template().getMetadata() == null ? null : w.template().getMetadata().getAnnotations();
    String onTemplate = template == null ? null : template.get(key);
    if (onTemplate != null && !onTemplate.equals(own) && !"Pod".equals(w.ref().kind())) {
      found.put("pod template annotation " + key, onTemplate);
    }
    return found;
  }
}
