package dev.netseg.infer;

import dev.netseg.model.Peer;
import dev.netseg.model.Provenance;
import dev.netseg.model.RequiredFlow;
import dev.netseg.policy.Protocol;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Collects flows and findings, merging flows by (source, destination, protocol, port). */
final class FlowSink {
  private record Key(Peer source, Peer destination, Protocol protocol, int port) {}

  private final Map<Key, List<Provenance>> flows = new HashMap<>();
  private final Set<Finding> findings = new TreeSet<>();

  void add(Peer source, Peer destination, Protocol protocol, int port, Provenance provenance) {
    flows
        .computeIfAbsent(new Key(source, destination, protocol, port), k -> new ArrayList<>(1))
        .add(provenance);
  }

  void add(RequiredFlow flow) {
    flows
        .computeIfAbsent(
            new Key(flow.source(), flow.destination(), flow.protocol(), flow.port()),
            k -> new ArrayList<>(1))
        .addAll(flow.provenance());
  }

  void finding(Finding.Severity severity, Finding.Kind kind, String subject, String message) {
    findings.add(new Finding(severity, kind, subject, message));
  }

  /** Sorted flows. */
  List<RequiredFlow> flows() {
    List<RequiredFlow> out = new ArrayList<>(flows.size());
    flows.forEach(
        (k, p) ->
            out.add(new RequiredFlow(k.source(), k.destination(), k.protocol(), k.port(), p)));
    out.sort(null);
    return out;
  }

  List<Finding> findings() {
    return List.copyOf(findings);
  }
}
