package dev.netseg.flows;

import dev.netseg.model.Peer;
import dev.netseg.policy.Protocol;
import dev.netseg.workload.WorkloadRef;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Resolves a {@link FlowRecord}'s sides to {@link Peer}s at the time the record was seen: a pod
 * named in the record by namespace and name, else the pod that held its IP then ({@link
 * PodIpHistory}), mapped to its workload by the caller's function; an IP that no pod held is an
 * {@link Peer.ExternalPeer} of that one address (/32 or /128) with the record's DNS names.
 *
 * <p>Nothing is guessed: a record is {@link UnresolvedReason#OUT_OF_SCOPE} when no side is in a
 * namespace in scope (a pod side counts by its namespace, resolved or not; an address never does),
 * else {@link UnresolvedReason#UNKNOWN_POD} when a pod side maps to no workload. Thread-safe when
 * the caller's function and predicate are.
 */
public final class FlowResolver {
  private static final int MAX_CACHED_EXTERNALS = 50_000;

  private final PodIpHistory history;
  private final Function<PodKey, Optional<WorkloadRef>> workloadOf;
  private final Predicate<String> namespaceInScope;
  private final AddressCache addresses;
  private final ConcurrentHashMap<ExternalKey, Peer.ExternalPeer> externals =
      new ConcurrentHashMap<>();

  /**
   * @param history pod IPs over time, for records that name only addresses
   * @param workloadOf the workload a pod belonged to (empty if unknown)
   * @param namespaceInScope the namespaces whose workloads are being segmented
   */
  public FlowResolver(
      PodIpHistory history,
      Function<PodKey, Optional<WorkloadRef>> workloadOf,
      Predicate<String> namespaceInScope) {
    this(history, workloadOf, namespaceInScope, new AddressCache());
  }

  FlowResolver(
      PodIpHistory history,
      Function<PodKey, Optional<WorkloadRef>> workloadOf,
      Predicate<String> namespaceInScope,
      AddressCache addresses) {
    this.history = Objects.requireNonNull(history, "history");
    this.workloadOf = Objects.requireNonNull(workloadOf, "workloadOf");
    this.namespaceInScope = Objects.requireNonNull(namespaceInScope, "namespaceInScope");
    this.addresses = Objects.requireNonNull(addresses, "addresses");
  }

  public Resolution resolve(FlowRecord record) {
    Side source = side(record.source(), record);
    Side destination = side(record.destination(), record);
    if (source.badAddress != null || destination.badAddress != null) {
      String bad = source.badAddress != null ? source.badAddress : destination.badAddress;
      return new Resolution.Unresolved(UnresolvedReason.BAD_ADDRESS, bad);
    }
    if (!source.inScope && !destination.inScope) {
      return new Resolution.Unresolved(
          UnresolvedReason.OUT_OF_SCOPE, source.describe() + " -> " + destination.describe());
    }
    if (source.peer == null || destination.peer == null) {
      Side unknown = source.peer == null ? source : destination;
      return new Resolution.Unresolved(UnresolvedReason.UNKNOWN_POD, unknown.describe());
    }
    return new Resolution.Resolved(
        new ObservedEdge(
            source.peer,
            destination.peer,
            record.protocol(),
            record.port(),
            record.time(),
            record.verdict()));
  }

  /**
   * Resolves a record given as its parts, as {@link #resolve} would, when it resolves: each side is
   * a pod by name ({@code pod}), else an address ({@code ip}, valid) with its DNS names. Builds no
   * {@link FlowRecord}; ingestion calls this for every accepted line.
   *
   * @return the edge, or null when the record does not resolve ({@link #resolve} then says why)
   */
  ObservedEdge resolveParts(
      PodKey sourcePod,
      AddressCache.Parsed sourceIp,
      List<String> sourceNames,
      PodKey destinationPod,
      AddressCache.Parsed destinationIp,
      List<String> destinationNames,
      Protocol protocol,
      int port,
      Instant time,
      FlowVerdict verdict) {
    PodKey from = sourcePod != null ? sourcePod : history.holder(sourceIp.canonical(), time);
    PodKey to =
        destinationPod != null ? destinationPod : history.holder(destinationIp.canonical(), time);
    if (!(from != null && namespaceInScope.test(from.namespace()))
        && !(to != null && namespaceInScope.test(to.namespace()))) {
      return null;
    }
    Peer source = from != null ? workloadPeer(from) : external(sourceIp, sourceNames);
    if (source == null) {
      return null;
    }
    Peer destination = to != null ? workloadPeer(to) : external(destinationIp, destinationNames);
    if (destination == null) {
      return null;
    }
    return new ObservedEdge(source, destination, protocol, port, time, verdict);
  }

  private Peer workloadPeer(PodKey pod) {
    WorkloadRef workload = workloadOf.apply(pod).orElse(null);
    return workload == null ? null : new Peer.WorkloadPeer(workload);
  }

  private Side side(FlowEndpoint endpoint, FlowRecord record) {
    PodKey pod = null;
    String via = null;
    if (endpoint.pod().isPresent()) {
      pod = new PodKey(endpoint.namespace().get(), endpoint.pod().get());
    } else {
      String ip = endpoint.ip().orElseThrow(); // FlowEndpoint guarantees pod or ip
      AddressCache.Parsed parsed = addresses.parse(ip);
      if (parsed == null) {
        return Side.bad("'" + ip + "' is not an IP address");
      }
      pod = history.at(parsed.canonical(), record.time()).orElse(null);
      if (pod == null) {
        return new Side(
            external(parsed, endpoint.dnsNames()), false, null, parsed.canonical(), null);
      }
      via = parsed.canonical();
    }
    boolean inScope = namespaceInScope.test(pod.namespace());
    WorkloadRef workload = workloadOf.apply(pod).orElse(null);
    return new Side(
        workload == null ? null : new Peer.WorkloadPeer(workload), inScope, pod, via, null);
  }

  /**
   * The external peer for an address and its names, built once: building one costs more than the
   * rest of resolving, and the same address comes back with the same names again and again.
   */
  private Peer.ExternalPeer external(AddressCache.Parsed address, List<String> names) {
    ExternalKey key = new ExternalKey(address.canonical(), names);
    Peer.ExternalPeer peer = externals.get(key);
    if (peer == null) {
      peer = new Peer.ExternalPeer(address.host(), names);
      if (externals.size() >= MAX_CACHED_EXTERNALS) {
        externals.clear();
      }
      externals.put(key, peer);
    }
    return peer;
  }

  private record ExternalKey(String address, List<String> names) {}

  /** One side: a peer, or a pod that maps to no workload; and whether it is in scope. */
  private record Side(Peer peer, boolean inScope, PodKey pod, String ip, String badAddress) {
    static Side bad(String detail) {
      return new Side(null, false, null, null, detail);
    }

    String describe() {
      if (pod != null) {
        return "pod " + pod + (ip != null ? " (had " + ip + ")" : "");
      }
      return ip;
    }
  }
}
