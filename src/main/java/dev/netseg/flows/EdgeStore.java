package dev.netseg.flows;

import dev.netseg.model.Peer;
import dev.netseg.policy.Protocol;
import inet.ipaddr.IPAddress;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Aggregates observed edges by (source, destination, protocol, port): memory grows with the number
 * of distinct edges, never with the number of records. FORWARDED records are learned; DROPPED and
 * AUDIT records go to separate sets of attempted edges and are never learned as allowed.
 *
 * <p>An external peer's DNS names are not part of the key (the same address is reached under
 * different names, or none when the DNS answer was not seen): they are merged per edge, keeping the
 * {@value #MAX_DNS_NAMES} first in alphabetical order so a CDN address stays bounded and the result
 * does not depend on the order records arrive in.
 *
 * <p>Peers are numbered once and edges kept by those numbers ({@link EdgeTable}), so that adding a
 * record costs a few array reads; ingestion that keeps the numbers of the peers it sees ({@link
 * #peerId}, {@link #addById}) does not even hash a peer. Numbers change only when {@link #expire}
 * forgets edges, which {@link #epoch()} tells.
 *
 * <p>Thread-safe for any number of concurrent sources (one lock: an update is a few array reads).
 * {@link #snapshot()} is consistent: it sees every record added before it began and none of those
 * added after.
 */
public final class EdgeStore {
  /** The most DNS names kept for one external peer of one edge. */
  public static final int MAX_DNS_NAMES = 16;

  private static final Protocol[] PROTOCOLS = Protocol.values();
  private static final FlowVerdict[] VERDICTS = FlowVerdict.values();

  // Guarded by this. A peer is the Peer.WorkloadPeer itself, or for an external peer its address
  // alone (an IPAddress): names live in the tally, and no peer object has to be built per record.
  private HashMap<Object, Integer> peerIds = new HashMap<>();
  private ArrayList<Object> peers = new ArrayList<>();
  private EdgeTable edges = new EdgeTable();
  private int epoch;

  /** Counts one resolved record. */
  public synchronized void add(ObservedEdge edge) {
    merge(
        peerId(bare(edge.source())),
        peerId(bare(edge.destination())),
        EdgeTable.rest(edge.verdict().ordinal(), edge.protocol().ordinal(), edge.port()),
        edge.time(),
        edge.time(),
        1,
        names(edge.source()),
        names(edge.destination()));
  }

  /**
   * The number of a peer (a {@link Peer.WorkloadPeer}, or an external peer's address), valid while
   * {@link #epoch()} stays the same.
   */
  synchronized int peerId(Peer peer) {
    return peerId(bare(peer));
  }

  /** Changes whenever peer numbers do. */
  synchronized int epoch() {
    return epoch;
  }

  /**
   * Counts one resolved record given by peer numbers from {@link #peerId} in {@code epoch}; {@code
   * sourceNames} and {@code destinationNames} are an external side's DNS names (else empty).
   *
   * @return false, having counted nothing, when the numbers are of another epoch
   */
  synchronized boolean addById(
      int epoch,
      int source,
      int destination,
      Protocol protocol,
      int port,
      Instant time,
      FlowVerdict verdict,
      List<String> sourceNames,
      List<String> destinationNames) {
    if (epoch != this.epoch) {
      return false;
    }
    merge(
        source,
        destination,
        EdgeTable.rest(verdict.ordinal(), protocol.ordinal(), port),
        time,
        time,
        1,
        capped(sourceNames),
        capped(destinationNames));
    return true;
  }

  private int peerId(Object bare) {
    Integer id = peerIds.get(bare);
    if (id == null) {
      id = peers.size();
      peers.add(bare);
      peerIds.put(bare, id);
    }
    return id;
  }

  private void merge(
      int source,
      int destination,
      int rest,
      Instant first,
      Instant last,
      long count,
      List<String> sourceNames,
      List<String> destinationNames) {
    EdgeTable.Tally t = edges.get(source, destination, rest);
    t.widen(first, last);
    if (t.count == 0) {
      t.count = count;
      t.sourceNames = sourceNames;
      t.destinationNames = destinationNames;
      return;
    }
    t.count = t.count + count < 0 ? Long.MAX_VALUE : t.count + count;
    t.sourceNames = union(t.sourceNames, sourceNames);
    t.destinationNames = union(t.destinationNames, destinationNames);
  }

  /**
   * Merges previously stored edges in (after a restart): counts add up, first and last seen widen,
   * DNS names join. Adding a snapshot and then records gives what adding the records that made the
   * snapshot and then the same records would.
   */
  public synchronized void addAll(EdgeSnapshot snapshot) {
    mergeAll(FlowVerdict.FORWARDED, snapshot.learned());
    mergeAll(FlowVerdict.DROPPED, snapshot.dropped());
    mergeAll(FlowVerdict.AUDIT, snapshot.audited());
  }

  private void mergeAll(FlowVerdict verdict, List<LearnedEdge> list) {
    for (LearnedEdge e : list) {
      merge(
          peerId(bare(e.source())),
          peerId(bare(e.destination())),
          EdgeTable.rest(verdict.ordinal(), e.protocol().ordinal(), e.port()),
          e.firstSeen(),
          e.lastSeen(),
          e.count(),
          names(e.source()),
          names(e.destination()));
    }
  }

  /** Every edge as of now. */
  public synchronized EdgeSnapshot snapshot() {
    List<List<LearnedEdge>> byVerdict = new ArrayList<>();
    for (int v = 0; v < VERDICTS.length; v++) {
      byVerdict.add(new ArrayList<>());
    }
    for (EdgeTable.Tally t : edges.tallies()) {
      byVerdict
          .get(EdgeTable.verdictOf(t.rest))
          .add(
              new LearnedEdge(
                  withNames(peers.get(t.source), t.sourceNames),
                  withNames(peers.get(t.destination), t.destinationNames),
                  PROTOCOLS[EdgeTable.protocolOf(t.rest)],
                  EdgeTable.portOf(t.rest),
                  t.first(),
                  t.last(),
                  t.count));
    }
    return new EdgeSnapshot(
        byVerdict.get(FlowVerdict.FORWARDED.ordinal()),
        byVerdict.get(FlowVerdict.DROPPED.ordinal()),
        byVerdict.get(FlowVerdict.AUDIT.ordinal()));
  }

  /**
   * Forgets edges (learned and attempted) last seen before {@code now - retention}, and the peers
   * no edge names any more (so peers are numbered anew: a new {@link #epoch()}).
   *
   * @return the number of edges forgotten
   */
  public synchronized int expire(Instant now, Duration retention) {
    Objects.requireNonNull(now, "now");
    if (retention.isNegative()) {
      throw new IllegalArgumentException("retention must not be negative: " + retention);
    }
    Instant cutoff;
    try {
      cutoff = now.minus(retention);
    } catch (DateTimeException | ArithmeticException e) {
      return 0; // a retention reaching before Instant.MIN keeps everything
    }
    EdgeTable.Tally[] all = edges.tallies();
    int removed = 0;
    for (EdgeTable.Tally t : all) {
      removed += t.lastBefore(cutoff) ? 1 : 0;
    }
    if (removed == 0) {
      return 0; // numbers stay valid
    }
    List<Object> oldPeers = peers;
    peerIds = new HashMap<>();
    peers = new ArrayList<>();
    edges = new EdgeTable();
    epoch++;
    for (EdgeTable.Tally t : all) {
      if (t.lastBefore(cutoff)) {
        continue;
      }
      merge(
          peerId(oldPeers.get(t.source)),
          peerId(oldPeers.get(t.destination)),
          t.rest,
          t.first(),
          t.last(),
          t.count,
          t.sourceNames,
          t.destinationNames);
    }
    return removed;
  }

  /** The number of distinct edges, learned and attempted. */
  public synchronized int size() {
    return edges.size();
  }

  private static Object bare(Peer peer) {
    return peer instanceof Peer.ExternalPeer e ? e.cidr() : peer;
  }

  private static List<String> names(Peer peer) {
    return peer instanceof Peer.ExternalPeer e ? capped(e.dnsNames()) : List.of();
  }

  private static Peer withNames(Object side, List<String> names) {
    return side instanceof Peer peer ? peer : new Peer.ExternalPeer((IPAddress) side, names);
  }

  private static List<String> capped(List<String> names) {
    if (names.size() <= MAX_DNS_NAMES && sortedDistinct(names)) {
      return names; // the usual case: no copy per record
    }
    TreeSet<String> sorted = new TreeSet<>(names);
    return sorted.stream().limit(MAX_DNS_NAMES).toList();
  }

  private static boolean sortedDistinct(List<String> names) {
    for (int i = 1; i < names.size(); i++) {
      if (names.get(i - 1).compareTo(names.get(i)) >= 0) {
        return false;
      }
    }
    return true;
  }

  private static List<String> union(List<String> a, List<String> b) {
    if (b.isEmpty() || a.equals(b)) {
      return a;
    }
    if (a.isEmpty()) {
      return b;
    }
    TreeSet<String> all = new TreeSet<>(a);
    all.addAll(b);
    return all.stream().limit(MAX_DNS_NAMES).toList();
  }
}
