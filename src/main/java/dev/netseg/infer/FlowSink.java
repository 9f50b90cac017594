package dev.netseg.infer;

import dev.netseg.model.Peer;
import dev.netseg.model.Provenance;
import dev.netseg.model.RequiredFlow;
import dev.netseg.policy.Protocol;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Collects flows and findings, merging flows by (source, destination, protocol, port). */
final class FlowSink {
  /** The merge key; its hash is computed once, since every flow is looked up several times. */
  private record Key(Peer source, Peer destination, Protocol protocol, int port, int hash) {
    Key(Peer source, Peer destination, Protocol protocol, int port) {
      this(
          source,
          destination,
          protocol,
          port,
          ((source.hashCode() * 31 + destination.hashCode()) * 31 + protocol.hashCode()) * 31
              + port);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && k.hash == hash
          && k.port == port
          && k.protocol == protocol
          && k.source.equals(source)
          && k.destination.equals(destination);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

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

  /**
   * Sorted flows, in {@link RequiredFlow}'s order. The distinct peers are ranked once, so that the
   * flows sort on one primitive key instead of through the comparator chain for every comparison.
   */
  List<RequiredFlow> flows() {
    // Dedupe by hash first: only the few thousand distinct peers go through the comparator.
    Map<Peer, Long> rank = new HashMap<>();
    for (Key k : flows.keySet()) {
      rank.put(k.source(), 0L);
      rank.put(k.destination(), 0L);
    }
    List<Peer> peers = new ArrayList<>(rank.keySet());
    peers.sort(null);
    for (int i = 0; i < peers.size(); i++) {
      rank.put(peers.get(i), (long) i);
    }
    List<Ranked> ranked = new ArrayList<>(flows.size());
    for (Map.Entry<Key, List<Provenance>> e : flows.entrySet()) {
      Key k = e.getKey();
      // source rank (22 bits), destination rank (22 bits), protocol (2 bits), port (16 bits)
      long order =
          rank.get(k.source()) << 40
              | rank.get(k.destination()) << 18
              | (long) k.protocol().ordinal() << 16
              | k.port();
      ranked.add(new Ranked(order, k, e.getValue()));
    }
    if (peers.size() < (1 << 22)) {
      ranked.sort(Comparator.comparingLong(Ranked::order));
    } else {
      ranked.sort(Comparator.comparing(Ranked::flow));
    }
    List<RequiredFlow> out = new ArrayList<>(ranked.size());
    for (Ranked r : ranked) {
      out.add(r.flow());
    }
    return out;
  }

  private record Ranked(long order, Key key, List<Provenance> provenance) {
    RequiredFlow flow() {
      return new RequiredFlow(
          key.source(), key.destination(), key.protocol(), key.port(), provenance);
    }
  }

  List<Finding> findings() {
    return List.copyOf(findings);
  }
}
