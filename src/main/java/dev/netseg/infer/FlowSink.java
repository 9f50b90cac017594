package dev.netseg.infer;

import dev.netseg.model.Peer;
import dev.netseg.model.Provenance;
import dev.netseg.model.RequiredFlow;
import dev.netseg.policy.Protocol;
import dev.netseg.workload.WorkloadRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Collects flows and findings, merging flows by (source, destination, protocol, port).
 *
 * <p>Peers are numbered as they arrive, so that merging hashes small integers rather than peer
 * records (inputs reach hundreds of thousands of flows). Most workload peers carry the very {@link
 * WorkloadRef} instance of their {@code Workload}, so an identity map finds their number without
 * hashing the record; other peers are looked up by value.
 */
final class FlowSink {
  private record Key(int source, int destination, int protocolAndPort) {}

  private final Map<WorkloadRef, Integer> byIdentity = new IdentityHashMap<>();
  private final Map<Peer, Integer> byValue = new HashMap<>();
  private final List<Peer> peers = new ArrayList<>();
  private final Map<Key, List<Provenance>> flows = new HashMap<>();
  private final Set<Finding> findings = new TreeSet<>();

  void add(Peer source, Peer destination, Protocol protocol, int port, Provenance provenance) {
    flows
        .computeIfAbsent(key(source, destination, protocol, port), k -> new ArrayList<>(1))
        .add(provenance);
  }

  void add(RequiredFlow flow) {
    flows
        .computeIfAbsent(
            key(flow.source(), flow.destination(), flow.protocol(), flow.port()),
            k -> new ArrayList<>(1))
        .addAll(flow.provenance());
  }

  void finding(Finding.Severity severity, Finding.Kind kind, String subject, String message) {
    findings.add(new Finding(severity, kind, subject, message));
  }

  private Key key(Peer source, Peer destination, Protocol protocol, int port) {
    return new Key(id(source), id(destination), protocol.ordinal() << 16 | port);
  }

  private int id(Peer peer) {
    WorkloadRef ref = peer instanceof Peer.WorkloadPeer w ? w.workload() : null;
    if (ref != null) {
      Integer known = byIdentity.get(ref);
      if (known != null) {
        return known;
      }
    }
    Integer id = byValue.get(peer);
    if (id == null) {
      id = peers.size();
      peers.add(peer);
      byValue.put(peer, id);
    }
    if (ref != null) {
      byIdentity.put(ref, id);
    }
    return id;
  }

  /** Sorted flows, in {@link RequiredFlow}'s order: the distinct peers are sorted once. */
  List<RequiredFlow> flows() {
    Integer[] order = new Integer[peers.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> peers.get(a).compareTo(peers.get(b)));
    int[] rank = new int[order.length];
    for (int r = 0; r < order.length; r++) {
      rank[order[r]] = r;
    }
    List<Key> keys = new ArrayList<>(flows.keySet());
    if (order.length < (1 << 23)) {
      // source rank, destination rank, protocol and port in one long: a primitive sort
      long[] packed = new long[keys.size()];
      for (int i = 0; i < packed.length; i++) {
        Key k = keys.get(i);
        packed[i] =
            (long) rank[k.source()] << 41
                | (long) rank[k.destination()] << 18
                | k.protocolAndPort();
      }
      Arrays.sort(packed);
      for (int i = 0; i < packed.length; i++) {
        long p = packed[i];
        keys.set(
            i,
            new Key(
                order[(int) (p >>> 41)], order[(int) (p >>> 18) & 0x7fffff], (int) p & 0x3ffff));
      }
    } else {
      keys.sort(
          (a, b) -> {
            int c = Integer.compare(rank[a.source()], rank[b.source()]);
            if (c == 0) {
              c = Integer.compare(rank[a.destination()], rank[b.destination()]);
            }
            return c != 0 ? c : Integer.compare(a.protocolAndPort(), b.protocolAndPort());
          });
    }
    Protocol[] protocols = Protocol.values();
    List<RequiredFlow> out = new ArrayList<>(keys.size());
    for (Key k : keys) {
      out.add(
          new RequiredFlow(
              peers.get(k.source()),
              peers.get(k.destination()),
              protocols[k.protocolAndPort() >>> 16],
              k.protocolAndPort() & 0xffff,
              flows.get(k)));
    }
    return out;
  }

  List<Finding> findings() {
    return List.copyOf(findings);
  }
}
