package dev.netseg.flows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.model.Peer;
import dev.netseg.policy.Protocol;
import dev.netseg.workload.WorkloadRef;
import inet.ipaddr.IPAddressString;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EdgeStoreTest {
  private static final Instant T = Instant.parse("2024-05-01T10:00:00Z");
  private static final Peer WEB =
      new Peer.WorkloadPeer(new WorkloadRef("shop", "web", "Deployment"));
  private static final Peer DB =
      new Peer.WorkloadPeer(new WorkloadRef("shop", "db", "StatefulSet"));

  private static Peer external(String ip, String... names) {
    return new Peer.ExternalPeer(new IPAddressString(ip + "/32").getAddress(), List.of(names));
  }

  private static ObservedEdge seen(Peer src, Peer dst, int port, int second, FlowVerdict v) {
    return new ObservedEdge(src, dst, Protocol.TCP, port, T.plusSeconds(second), v);
  }

  @Test
  void aggregatesRecordsOfOneEdgeIntoFirstSeenLastSeenAndCount() {
    EdgeStore store = new EdgeStore();
    store.add(seen(WEB, DB, 5432, 30, FlowVerdict.FORWARDED));
    store.add(seen(WEB, DB, 5432, 10, FlowVerdict.FORWARDED));
    store.add(seen(WEB, DB, 5432, 20, FlowVerdict.FORWARDED));
    store.add(seen(WEB, DB, 6432, 20, FlowVerdict.FORWARDED));

    assertThat(store.snapshot().learned())
        .containsExactly(
            new LearnedEdge(WEB, DB, Protocol.TCP, 5432, T.plusSeconds(10), T.plusSeconds(30), 3),
            new LearnedEdge(WEB, DB, Protocol.TCP, 6432, T.plusSeconds(20), T.plusSeconds(20), 1));
  }

  @Test
  void keepsDropsAndAuditsApartAndNeverLearnsThemAsAllowed() {
    EdgeStore store = new EdgeStore();
    store.add(seen(WEB, DB, 5432, 0, FlowVerdict.DROPPED));
    store.add(seen(WEB, DB, 5432, 1, FlowVerdict.AUDIT));
    store.add(seen(WEB, DB, 5432, 2, FlowVerdict.DROPPED));

    EdgeSnapshot s = store.snapshot();
    assertThat(s.learned()).isEmpty();
    assertThat(s.dropped())
        .containsExactly(new LearnedEdge(WEB, DB, Protocol.TCP, 5432, T, T.plusSeconds(2), 2));
    assertThat(s.audited())
        .containsExactly(
            new LearnedEdge(WEB, DB, Protocol.TCP, 5432, T.plusSeconds(1), T.plusSeconds(1), 1));
    assertThat(s.attempted()).hasSize(2);
  }

  @Test
  void keysExternalPeersByAddressAndMergesTheirDnsNames() {
    EdgeStore store = new EdgeStore();
    store.add(seen(WEB, external("203.0.113.10", "api.stripe.com"), 443, 0, FlowVerdict.FORWARDED));
    store.add(seen(WEB, external("203.0.113.10"), 443, 1, FlowVerdict.FORWARDED));
    store.add(
        seen(
            WEB,
            external("203.0.113.10", "checkout.stripe.com", "api.stripe.com"),
            443,
            2,
            FlowVerdict.FORWARDED));

    assertThat(store.snapshot().learned())
        .containsExactly(
            new LearnedEdge(
                WEB,
                external("203.0.113.10", "api.stripe.com", "checkout.stripe.com"),
                Protocol.TCP,
                443,
                T,
                T.plusSeconds(2),
                3));
  }

  @Test
  void capsDnsNamesPerPeerIndependentlyOfArrivalOrder() {
    List<String> names =
        IntStream.range(0, 40).mapToObj(i -> "n" + (100 + i) + ".example").toList();
    List<String> shuffled = new ArrayList<>(names);
    java.util.Collections.shuffle(shuffled, new Random(7));
    EdgeStore a = new EdgeStore();
    EdgeStore b = new EdgeStore();
    for (int i = 0; i < names.size(); i++) {
      a.add(seen(WEB, external("203.0.113.10", names.get(i)), 443, 0, FlowVerdict.FORWARDED));
      b.add(seen(WEB, external("203.0.113.10", shuffled.get(i)), 443, 0, FlowVerdict.FORWARDED));
    }

    Peer.ExternalPeer kept = (Peer.ExternalPeer) a.snapshot().learned().get(0).destination();
    assertThat(kept.dnsNames()).isEqualTo(names.subList(0, EdgeStore.MAX_DNS_NAMES));
    assertThat(b.snapshot()).isEqualTo(a.snapshot());
  }

  @Test
  void growsWithDistinctEdgesNotRecords() {
    EdgeStore store = new EdgeStore();
    for (int i = 0; i < 100_000; i++) {
      store.add(seen(WEB, DB, 5432 + i % 3, i, FlowVerdict.FORWARDED));
    }

    assertThat(store.size()).isEqualTo(3);
    assertThat(store.snapshot().learned())
        .extracting(LearnedEdge::count)
        .containsOnly(33_334L, 33_333L);
  }

  @Test
  void expiresEdgesLastSeenBeforeTheRetentionFromEverySet() {
    EdgeStore store = new EdgeStore();
    store.add(seen(WEB, DB, 1, 0, FlowVerdict.FORWARDED));
    store.add(seen(WEB, DB, 2, 100, FlowVerdict.FORWARDED));
    store.add(seen(WEB, DB, 3, 0, FlowVerdict.DROPPED));
    store.add(seen(WEB, DB, 1, 50, FlowVerdict.AUDIT));

    int removed = store.expire(T.plusSeconds(150), Duration.ofSeconds(100));

    assertThat(removed).isEqualTo(2);
    EdgeSnapshot s = store.snapshot();
    assertThat(s.learned()).extracting(LearnedEdge::port).containsExactly(2);
    assertThat(s.dropped()).isEmpty();
    assertThat(s.audited()).extracting(LearnedEdge::port).containsExactly(1);
    assertThat(store.expire(T, Duration.ofSeconds(Long.MAX_VALUE))).isZero();
  }

  @Test
  void concurrentSourcesGiveWhatOneSourceGives() throws Exception {
    Random random = new Random(42);
    List<ObservedEdge> records = new ArrayList<>();
    Peer[] peers = {WEB, DB, external("203.0.113.10", "a.example"), external("203.0.113.11")};
    FlowVerdict[] verdicts = FlowVerdict.values();
    for (int i = 0; i < 40_000; i++) {
      records.add(
          seen(
              peers[random.nextInt(4)],
              peers[random.nextInt(4)],
              80 + random.nextInt(5),
              random.nextInt(10_000),
              verdicts[random.nextInt(3)]));
    }
    EdgeStore sequential = new EdgeStore();
    records.forEach(sequential::add);

    EdgeStore concurrent = new EdgeStore();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int from = t * 10_000;
        futures.add(
            pool.submit(() -> records.subList(from, from + 10_000).forEach(concurrent::add)));
      }
      List<EdgeSnapshot> during = new ArrayList<>();
      while (futures.stream().anyMatch(f -> !f.isDone())) {
        during.add(concurrent.snapshot());
      }
      for (Future<?> f : futures) {
        f.get();
      }
      // snapshots taken while writing only ever grow: each edge's count never goes back
      during.add(concurrent.snapshot());
      for (int i = 1; i < during.size(); i++) {
        assertThat(total(during.get(i))).isGreaterThanOrEqualTo(total(during.get(i - 1)));
      }
      assertThat(total(during.get(during.size() - 1))).isEqualTo(40_000L);
    } finally {
      pool.shutdownNow();
    }

    assertThat(concurrent.snapshot()).isEqualTo(sequential.snapshot());
  }

  private static long total(EdgeSnapshot s) {
    return s.learned().stream().mapToLong(LearnedEdge::count).sum()
        + s.attempted().stream().mapToLong(LearnedEdge::count).sum();
  }
}
