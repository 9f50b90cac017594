package dev.netseg.cli;

import dev.netseg.connectivity.ConnectivityLine;
import dev.netseg.connectivity.ExternalEnd;
import dev.netseg.policy.ConnectionSet;
import inet.ipaddr.IPAddressSeqRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The connectivity gained and lost between two analyses of the same workloads, pair by pair. The
 * analyses cut the outside world into the ranges of both policy sets' ipBlocks, one line per range;
 * here the ranges a workload gains (or loses) the same connections to or from are joined, adjacent
 * or overlapping, so that "everything but 10.0.0.0/8" reads as two lines, not dozens. Ranges are
 * written as {@code connectivity} writes them ({@link ExternalEnd}).
 */
final class ConnectivityChanges {
  private ConnectivityChanges() {}

  /**
   * One pair whose connectivity changes: what it gains, what it loses (either may be null). An
   * external end is written {@code first-last[External]}, as {@code connectivity} writes it.
   */
  record Change(String source, String destination, String gained, String lost) {}

  /** The changes from {@code before} to {@code after}, sorted by source, then destination. */
  static List<Change> between(List<ConnectivityLine> before, List<ConnectivityLine> after) {
    Map<Pair, ConnectionSet> a = byPair(before);
    Map<Pair, ConnectionSet> b = byPair(after);
    Set<Pair> pairs = new TreeSet<>(a.keySet());
    pairs.addAll(b.keySet());
    Map<Pair, Change> internal = new HashMap<>();
    // (workload, outbound, gained?, connections, IP version) -> external ranges
    Map<Group, List<IPAddressSeqRange>> external = new LinkedHashMap<>();
    for (Pair pair : pairs) {
      ConnectionSet was = a.getOrDefault(pair, ConnectionSet.none());
      ConnectionSet is = b.getOrDefault(pair, ConnectionSet.none());
      ConnectionSet gained = is.minus(was);
      ConnectionSet lost = was.minus(is);
      if (gained.isEmpty() && lost.isEmpty()) {
        continue;
      }
      Optional<IPAddressSeqRange> range =
          pair.source().range().or(() -> pair.destination().range());
      if (range.isEmpty()) {
        internal.put(
            pair,
            new Change(
                pair.source().name(),
                pair.destination().name(),
                gained.isEmpty() ? null : gained.toString(),
                lost.isEmpty() ? null : lost.toString()));
        continue;
      }
      boolean outbound = pair.destination().range().isPresent();
      String workload = outbound ? pair.source().name() : pair.destination().name();
      boolean v4 = range.get().getLower().isIPv4();
      if (!gained.isEmpty()) {
        external
            .computeIfAbsent(
                new Group(workload, outbound, true, gained, v4), g -> new ArrayList<>())
            .add(range.get());
      }
      if (!lost.isEmpty()) {
        external
            .computeIfAbsent(new Group(workload, outbound, false, lost, v4), g -> new ArrayList<>())
            .add(range.get());
      }
    }
    List<Map.Entry<Pair, Change>> all = new ArrayList<>(internal.entrySet());
    for (var e : external.entrySet()) {
      Group g = e.getKey();
      for (IPAddressSeqRange joined :
          IPAddressSeqRange.join(e.getValue().toArray(IPAddressSeqRange[]::new))) {
        End outside = new End(format(joined), Optional.of(joined));
        End self = new End(g.workload(), Optional.empty());
        Pair pair = g.outbound() ? new Pair(self, outside) : new Pair(outside, self);
        String set = g.connections().toString();
        all.add(
            Map.entry(
                pair,
                new Change(
                    pair.source().name(),
                    pair.destination().name(),
                    g.gained() ? set : null,
                    g.gained() ? null : set)));
      }
    }
    all.sort(
        Map.Entry.<Pair, Change>comparingByKey()
            // a pair gaining and losing different connections on one range: gained first
            .thenComparing(e -> e.getValue().gained() == null));
    return all.stream().map(Map.Entry::getValue).toList();
  }

  /** The range of an external end as {@link ConnectivityLine} writes it ({@link ExternalEnd}). */
  static Optional<IPAddressSeqRange> parseExternal(String end) {
    return ExternalEnd.parse(end);
  }

  /** {@code first-last[External]}, as {@code connectivity} writes it ({@link ExternalEnd}). */
  static String format(IPAddressSeqRange range) {
    return ExternalEnd.format(range);
  }

  /**
   * How many pairs gain connections and how many lose some (a pair may do both), for the summary
   * line.
   */
  record Summary(int gained, int lost) {}

  static Summary summary(List<Change> changes) {
    Set<String> gained = new java.util.HashSet<>();
    Set<String> lost = new java.util.HashSet<>();
    for (Change c : changes) {
      String pair = c.source() + " => " + c.destination();
      if (c.gained() != null) {
        gained.add(pair);
      }
      if (c.lost() != null) {
        lost.add(pair);
      }
    }
    return new Summary(gained.size(), lost.size());
  }

  private static Map<Pair, ConnectionSet> byPair(List<ConnectivityLine> lines) {
    Map<Pair, ConnectionSet> out = new HashMap<>();
    for (ConnectivityLine l : lines) {
      out.merge(
          new Pair(End.of(l.source()), End.of(l.destination())),
          l.connections(),
          ConnectionSet::union);
    }
    return out;
  }

  /** A workload ({@code ns/name[Kind]}) or an external range. */
  private record End(String name, Optional<IPAddressSeqRange> range) implements Comparable<End> {
    private static final Comparator<End> ORDER =
        Comparator.comparing((End e) -> e.range().isPresent())
            .thenComparing(e -> e.range().map(r -> !r.getLower().isIPv4()).orElse(false))
            .thenComparing(
                e -> e.range().map(IPAddressSeqRange::getLower).orElse(null),
                Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(
                e -> e.range().map(IPAddressSeqRange::getUpper).orElse(null),
                Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(End::name);

    static End of(String text) {
      return new End(text, parseExternal(text));
    }

    @Override
    public int compareTo(End o) {
      return ORDER.compare(this, o);
    }
  }

  private record Pair(End source, End destination) implements Comparable<Pair> {
    @Override
    public int compareTo(Pair o) {
      int c = source.compareTo(o.source);
      return c != 0 ? c : destination.compareTo(o.destination);
    }
  }

  private record Group(
      String workload, boolean outbound, boolean gained, ConnectionSet connections, boolean ipv4) {}
}
