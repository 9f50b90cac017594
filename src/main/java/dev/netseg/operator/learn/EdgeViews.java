package dev.netseg.operator.learn;

import dev.netseg.flows.EdgeSnapshot;
import dev.netseg.flows.EdgeStore;
import dev.netseg.flows.LearnedEdge;
import dev.netseg.flows.ObservedFlows;
import dev.netseg.model.Peer;
import dev.netseg.model.RequiredFlow;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Pure views of learned edges for one namespace: the edges that touch it, and the learned ones as
 * required flows with OBSERVED provenance. Also merges stored copies of the same edges.
 */
final class EdgeViews {
  private EdgeViews() {}

  /** Whether either side of {@code edge} is a workload in {@code namespace}. */
  static boolean touches(LearnedEdge edge, String namespace) {
    return inNamespace(edge.source(), namespace) || inNamespace(edge.destination(), namespace);
  }

  private static boolean inNamespace(Peer peer, String namespace) {
    return peer instanceof Peer.WorkloadPeer w && w.workload().namespace().equals(namespace);
  }

  /** The edges of {@code snapshot} (learned and attempted) that touch {@code namespace}. */
  static EdgeSnapshot touching(EdgeSnapshot snapshot, String namespace) {
    return new EdgeSnapshot(
        touching(snapshot.learned(), namespace),
        touching(snapshot.dropped(), namespace),
        touching(snapshot.audited(), namespace));
  }

  static List<LearnedEdge> touching(List<LearnedEdge> edges, String namespace) {
    return edges.stream().filter(e -> touches(e, namespace)).toList();
  }

  /**
   * The learned (forwarded) edges touching {@code namespace} last seen at or after {@code cutoff},
   * as required flows ({@link ObservedFlows}). Dropped and audited edges are never required flows:
   * they were blocked.
   */
  static List<RequiredFlow> required(
      EdgeSnapshot snapshot, String namespace, Instant cutoff, String sourceLabel) {
    return snapshot.learned().stream()
        .filter(e -> touches(e, namespace) && !e.lastSeen().isBefore(cutoff))
        .map(e -> ObservedFlows.required(e, sourceLabel))
        .toList();
  }

  /**
   * Merges stored copies of one store's edges (each profile stores the edges touching its
   * namespace, so an edge between two namespaces is stored twice, possibly flushed at different
   * times). Counts only grow, so the same edge in two copies is the larger count, the earliest
   * first seen, the latest last seen, and the DNS names of both (capped as the store caps them).
   * Adding the result to an empty store gives what was learned, not a sum of the copies.
   */
  static EdgeSnapshot mergeCopies(Collection<EdgeSnapshot> copies) {
    TreeMap<LearnedEdge, LearnedEdge> learned = new TreeMap<>();
    TreeMap<LearnedEdge, LearnedEdge> dropped = new TreeMap<>();
    TreeMap<LearnedEdge, LearnedEdge> audited = new TreeMap<>();
    for (EdgeSnapshot copy : copies) {
      copy.learned().forEach(e -> learned.merge(e, e, EdgeViews::sameEdge));
      copy.dropped().forEach(e -> dropped.merge(e, e, EdgeViews::sameEdge));
      copy.audited().forEach(e -> audited.merge(e, e, EdgeViews::sameEdge));
    }
    return new EdgeSnapshot(
        List.copyOf(learned.values()),
        List.copyOf(dropped.values()),
        List.copyOf(audited.values()));
  }

  /** Two copies of one edge (equal by {@link LearnedEdge#compareTo}). */
  private static LearnedEdge sameEdge(LearnedEdge a, LearnedEdge b) {
    return new LearnedEdge(
        names(a.source(), b.source()),
        names(a.destination(), b.destination()),
        a.protocol(),
        a.port(),
        a.firstSeen().isBefore(b.firstSeen()) ? a.firstSeen() : b.firstSeen(),
        a.lastSeen().isAfter(b.lastSeen()) ? a.lastSeen() : b.lastSeen(),
        Math.max(a.count(), b.count()));
  }

  private static Peer names(Peer a, Peer b) {
    if (a instanceof Peer.ExternalPeer x && b instanceof Peer.ExternalPeer y) {
      if (x.dnsNames().equals(y.dnsNames())) {
        return x;
      }
      TreeSet<String> all = new TreeSet<>(x.dnsNames());
      all.addAll(y.dnsNames());
      return new Peer.ExternalPeer(x.cidr(), all.stream().limit(EdgeStore.MAX_DNS_NAMES).toList());
    }
    return a;
  }
}
