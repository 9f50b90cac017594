package dev.netseg.flows;

import dev.netseg.model.Peer;
import dev.netseg.policy.Protocol;
import inet.ipaddr.IPAddress;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

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
 * <p>Thread-safe for any number of concurrent sources. {@link #snapshot()} is consistent: it sees
 * every record added before it began and none of those added after.
 */
public final class EdgeStore {
  /** The most DNS names kept for one external peer of one edge. */
  public static final int MAX_DNS_NAMES = 16;

  /**
   * An edge's identity. A side is the {@link Peer.WorkloadPeer} itself, or for an external peer its
   * address alone (an {@link inet.ipaddr.IPAddress}): names live in the tally, and no peer object
   * has to be built per record.
   */
  private record Key(Object source, Object destination, Protocol protocol, int port) {}

  /** An edge's aggregate; immutable, replaced on every merge so readers never see it half-made. */
  private record Tally(
      Instant first, Instant last, long count, List<String> sourceNames, List<String> destNames) {

    Tally merge(Tally o) {
      return new Tally(
          o.first.isBefore(first) ? o.first : first,
          o.last.isAfter(last) ? o.last : last,
          count + o.count < 0 ? Long.MAX_VALUE : count + o.count,
          union(sourceNames, o.sourceNames),
          union(destNames, o.destNames));
    }
  }

  // Indexed by FlowVerdict.ordinal(): FORWARDED learned, DROPPED and AUDIT attempted.
  private final List<ConcurrentHashMap<Key, Tally>> sets = new ArrayList<>();
  // Writers share the read lock (the maps are concurrent); a snapshot takes the write lock.
  private final ReadWriteLock lock = new ReentrantReadWriteLock();

  public EdgeStore() {
    for (int i = 0; i < FlowVerdict.values().length; i++) {
      sets.add(new ConcurrentHashMap<>());
    }
  }

  /** Counts one resolved record. */
  public void add(ObservedEdge edge) {
    Key key = new Key(bare(edge.source()), bare(edge.destination()), edge.protocol(), edge.port());
    Tally one =
        new Tally(edge.time(), edge.time(), 1, names(edge.source()), names(edge.destination()));
    lock.readLock().lock();
    try {
      sets.get(edge.verdict().ordinal()).merge(key, one, Tally::merge);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Merges previously stored edges in (after a restart): counts add up, first and last seen widen,
   * DNS names join. Adding a snapshot and then records gives what adding the records that made the
   * snapshot and then the same records would.
   */
  public void addAll(EdgeSnapshot snapshot) {
    lock.readLock().lock();
    try {
      mergeAll(FlowVerdict.FORWARDED, snapshot.learned());
      mergeAll(FlowVerdict.DROPPED, snapshot.dropped());
      mergeAll(FlowVerdict.AUDIT, snapshot.audited());
    } finally {
      lock.readLock().unlock();
    }
  }

  private void mergeAll(FlowVerdict verdict, List<LearnedEdge> edges) {
    Map<Key, Tally> set = sets.get(verdict.ordinal());
    for (LearnedEdge e : edges) {
      Key key = new Key(bare(e.source()), bare(e.destination()), e.protocol(), e.port());
      Tally tally =
          new Tally(
              e.firstSeen(), e.lastSeen(), e.count(), names(e.source()), names(e.destination()));
      set.merge(key, tally, Tally::merge);
    }
  }

  /** Every edge as of now. */
  public EdgeSnapshot snapshot() {
    lock.writeLock().lock();
    try {
      return new EdgeSnapshot(
          edges(FlowVerdict.FORWARDED), edges(FlowVerdict.DROPPED), edges(FlowVerdict.AUDIT));
    } finally {
      lock.writeLock().unlock();
    }
  }

  private List<LearnedEdge> edges(FlowVerdict verdict) {
    List<LearnedEdge> out = new ArrayList<>();
    sets.get(verdict.ordinal())
        .forEach(
            (k, t) ->
                out.add(
                    new LearnedEdge(
                        withNames(k.source, t.sourceNames),
                        withNames(k.destination, t.destNames),
                        k.protocol,
                        k.port,
                        t.first,
                        t.last,
                        t.count)));
    return out;
  }

  /**
   * Forgets edges (learned and attempted) last seen before {@code now - retention}.
   *
   * @return the number of edges forgotten
   */
  public int expire(Instant now, Duration retention) {
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
    int removed = 0;
    lock.writeLock().lock();
    try {
      for (ConcurrentHashMap<Key, Tally> set : sets) {
        int before = set.size();
        set.values().removeIf(t -> t.last.isBefore(cutoff));
        removed += before - set.size();
      }
    } finally {
      lock.writeLock().unlock();
    }
    return removed;
  }

  /** The number of distinct edges, learned and attempted. */
  public int size() {
    return sets.stream().mapToInt(Map::size).sum();
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
