package dev.netseg.operator.learn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.flows.EdgeSnapshot;
import dev.netseg.flows.EdgeStore;
import dev.netseg.flows.FlowVerdict;
import dev.netseg.flows.LearnedEdge;
import dev.netseg.flows.ObservedEdge;
import dev.netseg.model.Peer;
import dev.netseg.model.Provenance;
import dev.netseg.policy.Protocol;
import dev.netseg.workload.WorkloadRef;
import inet.ipaddr.IPAddressString;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class EdgeViewsTest {
  private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

  private static Peer workload(String ns, String name) {
    return new Peer.WorkloadPeer(new WorkloadRef(ns, name, "Deployment"));
  }

  private static Peer external(String ip, List<String> names) {
    return new Peer.ExternalPeer(new IPAddressString(ip).getAddress(), names);
  }

  @Provide
  Arbitrary<List<ObservedEdge>> records() {
    Arbitrary<Peer> peers =
        Arbitraries.of(
            workload("a", "web"),
            workload("a", "api"),
            workload("b", "db"),
            workload("c", "cache"),
            external("203.0.113.7", List.of()),
            external("203.0.113.7", List.of("api.example.com")),
            external("203.0.113.7", List.of("cdn.example.net", "edge.example.org")),
            external("2001:db8::1", List.of("v6.example.com")));
    Arbitrary<ObservedEdge> one =
        Combinators.combine(
                peers,
                peers,
                Arbitraries.of(Protocol.TCP, Protocol.UDP),
                Arbitraries.of(53, 443, 5432),
                Arbitraries.integers().between(0, 86_400),
                Arbitraries.of(FlowVerdict.values()))
            .as(
                (s, d, proto, port, sec, verdict) ->
                    new ObservedEdge(s, d, proto, port, T0.plusSeconds(sec), verdict));
    return one.list().ofMaxSize(60);
  }

  /**
   * Each profile stores the edges touching its namespace, flushed at different times. Merging the
   * stored copies gives, for each edge, the newest copy of it (a reference computed directly), and
   * never the sum of the copies.
   */
  @Property
  void mergingStoredCopiesGivesTheNewestCopyOfEachEdge(
      @ForAll("records") List<ObservedEdge> records, @ForAll @IntRange(max = 60) int split) {
    int k = Math.min(split, records.size());
    EdgeStore store = new EdgeStore();
    records.subList(0, k).forEach(store::add);
    EdgeSnapshot older = EdgeViews.touching(store.snapshot(), "a");
    records.subList(k, records.size()).forEach(store::add);
    EdgeSnapshot newer = EdgeViews.touching(store.snapshot(), "b");

    EdgeSnapshot merged = EdgeViews.mergeCopies(List.of(older, newer));

    assertThat(merged.learned()).isEqualTo(newestOf(older.learned(), newer.learned()));
    assertThat(merged.dropped()).isEqualTo(newestOf(older.dropped(), newer.dropped()));
    assertThat(merged.audited()).isEqualTo(newestOf(older.audited(), newer.audited()));
    assertThat(EdgeViews.mergeCopies(List.of(newer, older))).isEqualTo(merged);
  }

  private static List<LearnedEdge> newestOf(List<LearnedEdge> older, List<LearnedEdge> newer) {
    TreeMap<LearnedEdge, LearnedEdge> byKey = new TreeMap<>();
    older.forEach(e -> byKey.put(e, e));
    newer.forEach(e -> byKey.put(e, e)); // replaces the older copy of the same key
    return new ArrayList<>(byKey.values());
  }

  @Property
  void copiesOfOneSnapshotMergeToItself(
      @ForAll("records") List<ObservedEdge> records, @ForAll @Size(max = 3) List<Boolean> extra) {
    EdgeStore store = new EdgeStore();
    records.forEach(store::add);
    EdgeSnapshot all = store.snapshot();
    List<EdgeSnapshot> copies = new ArrayList<>(List.of(all));
    extra.forEach(x -> copies.add(x ? all : EdgeViews.touching(all, "c")));
    assertThat(EdgeViews.mergeCopies(copies)).isEqualTo(all);
  }

  @Test
  void touchesWhenEitherSideIsAWorkloadOfTheNamespace() {
    Peer web = workload("a", "web");
    Peer db = workload("b", "db");
    Peer ext = external("203.0.113.7", List.of());
    assertThat(EdgeViews.touches(edge(web, db, 1, T0, T0), "a")).isTrue();
    assertThat(EdgeViews.touches(edge(web, db, 1, T0, T0), "b")).isTrue();
    assertThat(EdgeViews.touches(edge(web, db, 1, T0, T0), "c")).isFalse();
    assertThat(EdgeViews.touches(edge(ext, db, 1, T0, T0), "b")).isTrue();
    assertThat(EdgeViews.touches(edge(ext, ext, 1, T0, T0), "a")).isFalse();
  }

  private static LearnedEdge edge(Peer s, Peer d, long count, Instant first, Instant last) {
    return new LearnedEdge(s, d, Protocol.TCP, 443, first, last, count);
  }

  @Test
  void evidenceIsTheSameHoweverOftenAndWheneverAnEdgeIsSeen() {
    Peer web = workload("a", "web");
    Peer db = workload("b", "db");
    Instant t1 = T0.plusSeconds(3600);
    List<LearnedEdge> sightings =
        List.of(edge(web, db, 1, T0, T0), edge(web, db, 2, T0, t1), edge(web, db, 900, t1, t1));
    EdgeSnapshot once = new EdgeSnapshot(List.of(sightings.get(0)), List.of(), List.of());
    for (LearnedEdge e : sightings) {
      EdgeSnapshot again = new EdgeSnapshot(List.of(e), List.of(), List.of());
      assertThat(EdgeViews.required(again, "a", Instant.MIN, "hubble-relay"))
          .isEqualTo(EdgeViews.required(once, "a", Instant.MIN, "hubble-relay"))
          .singleElement()
          .satisfies(
              f ->
                  assertThat(f.provenance())
                      .containsExactly(new Provenance(Provenance.Source.OBSERVED, "hubble-relay")));
    }
  }
}
