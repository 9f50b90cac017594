package dev.netseg.flows;

import dev.netseg.model.Peer;
import dev.netseg.policy.Protocol;
import dev.netseg.workload.WorkloadRef;
import inet.ipaddr.IPAddress;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators of peers, edges and snapshots for property tests. */
final class EdgeArbitraries {
  private EdgeArbitraries() {}

  static Arbitrary<Peer> peers() {
    Arbitrary<String> names =
        Arbitraries.strings().withChars("abcxyz-é☃").ofMinLength(1).ofMaxLength(12);
    Arbitrary<Peer> workloads =
        Combinators.combine(
                names, names, Arbitraries.of("Deployment", "StatefulSet", "DaemonSet", "Pod"))
            .as((ns, n, kind) -> new Peer.WorkloadPeer(new WorkloadRef(ns, n, kind)));
    Arbitrary<IPAddress> v4 =
        Combinators.combine(Arbitraries.integers(), Arbitraries.integers().between(0, 32))
            .as((bits, prefix) -> new IPv4Address(bits).toPrefixBlock(prefix));
    Arbitrary<IPAddress> v6 =
        Arbitraries.bytes()
            .array(byte[].class)
            .ofSize(16)
            .flatMap(
                b ->
                    Arbitraries.integers()
                        .between(0, 128)
                        .map(prefix -> new IPv6Address(b).toPrefixBlock(prefix)));
    Arbitrary<List<String>> dns =
        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20).list().ofMaxSize(3);
    Arbitrary<Peer> externals =
        Combinators.combine(Arbitraries.oneOf(v4, v6), dns).as(Peer.ExternalPeer::new);
    return Arbitraries.oneOf(workloads, externals);
  }

  static Arbitrary<LearnedEdge> edges() {
    Arbitrary<Instant> times =
        Combinators.combine(
                Arbitraries.longs().between(-10_000_000_000L, 10_000_000_000L),
                Arbitraries.integers().between(0, 999_999_999))
            .as(Instant::ofEpochSecond);
    return Combinators.combine(
            peers(),
            peers(),
            Arbitraries.of(Protocol.class),
            Arbitraries.integers().between(1, 65535),
            times,
            Arbitraries.longs().between(0, 1_000_000_000_000L),
            Arbitraries.longs().between(1, Long.MAX_VALUE))
        .as(
            (s, d, proto, port, first, span, count) ->
                new LearnedEdge(s, d, proto, port, first, first.plusNanos(span), count));
  }

  static Arbitrary<EdgeSnapshot> snapshots() {
    Arbitrary<List<LearnedEdge>> lists = edges().list().ofMaxSize(30);
    return Combinators.combine(lists, lists, lists).as(EdgeSnapshot::new);
  }
}
