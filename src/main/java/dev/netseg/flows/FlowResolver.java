package dev.netseg.flows;

import dev.netseg.model.Peer;
import dev.netseg.workload.WorkloadRef;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
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
  private final PodWorkloads workloadOf;
  private final Predicate<String> namespaceInScope;
  private final AddressCache addresses;
  private final LongSupplier modelVersion;
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
    this(history, workloadOf, namespaceInScope, null, new AddressCache());
  }

  /**
   * A resolver whose model tells when it changes, so that ingestion may reuse a pod's workload and
   * scope until it does (see {@link FlowReader}).
   *
   * @param modelVersion changes whenever {@code workloadOf} or {@code namespaceInScope} may answer
   *     differently than before ({@code () -> 0} for a model that never changes)
   */
  public FlowResolver(
      PodIpHistory history,
      Function<PodKey, Optional<WorkloadRef>> workloadOf,
      Predicate<String> namespaceInScope,
      LongSupplier modelVersion) {
    this(
        history,
        workloadOf,
        namespaceInScope,
        Objects.requireNonNull(modelVersion, "modelVersion"),
        new AddressCache());
  }

  /**
   * A resolver that also reads what records say of a pod ({@link PodHints}: Hubble's {@code
   * workloads}, the labels), as {@code workloads} decides.
   *
   * @param modelVersion as for {@link #FlowResolver(PodIpHistory, Function, Predicate,
   *     LongSupplier)}
   */
  public static FlowResolver withHints(
      PodIpHistory history,
      PodWorkloads workloads,
      Predicate<String> namespaceInScope,
      LongSupplier modelVersion) {
    return new FlowResolver(
        history,
        workloads,
        namespaceInScope,
        Objects.requireNonNull(modelVersion, "modelVersion"),
        new AddressCache());
  }

  FlowResolver(
      PodIpHistory history,
      Function<PodKey, Optional<WorkloadRef>> workloadOf,
      Predicate<String> namespaceInScope,
      LongSupplier modelVersion,
      AddressCache addresses) {
    this(
        history,
        PodWorkloads.of(Objects.requireNonNull(workloadOf, "workloadOf")),
        namespaceInScope,
        modelVersion,
        addresses);
  }

  private FlowResolver(
      PodIpHistory history,
      PodWorkloads workloadOf,
      Predicate<String> namespaceInScope,
      LongSupplier modelVersion,
      AddressCache addresses) {
    this.history = Objects.requireNonNull(history, "history");
    this.workloadOf = Objects.requireNonNull(workloadOf, "workloadOf");
    this.namespaceInScope = Objects.requireNonNull(namespaceInScope, "namespaceInScope");
    this.modelVersion = modelVersion;
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
      return new Resolution.Unresolved(UnresolvedReason.UNKNOWN_POD, unknown.why());
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
   * A number that stays the same while {@code workloadOf} and {@code namespaceInScope} give the
   * same answers, so that a reader may reuse their answers for a pod; negative when unknown (then
   * nothing is reused).
   */
  long modelVersion() {
    return modelVersion == null ? -1 : modelVersion.getAsLong();
  }

  /** Whether a pod's namespace is in scope. */
  boolean inScope(PodKey pod) {
    return namespaceInScope.test(pod.namespace());
  }

  /** The pod that held an address (written canonically) at {@code when}, or null. */
  PodKey holder(String canonical, Instant when) {
    return history.holder(canonical, when);
  }

  /** The pod's workload as a peer, or null when it maps to none. */
  Peer workloadPeer(PodKey pod) {
    WorkloadRef workload = workloadOf.workloadOf(pod).orElse(null);
    return workload == null ? null : new Peer.WorkloadPeer(workload);
  }

  /** Whether records' hints decide pods' workloads (see {@link PodWorkloads#usesHints()}). */
  boolean usesHints() {
    return workloadOf.usesHints();
  }

  private Side side(FlowEndpoint endpoint, FlowRecord record) {
    PodKey pod = null;
    String via = null;
    PodHints hints = PodHints.NONE;
    if (endpoint.pod().isPresent()) {
      pod = new PodKey(endpoint.namespace().get(), endpoint.pod().get());
      hints = endpoint.hints();
    } else {
      String ip = endpoint.ip().orElseThrow(); // FlowEndpoint guarantees pod or ip
      AddressCache.Parsed parsed = addresses.parse(ip);
      if (parsed == null) {
        return Side.bad("'" + ip + "' is not an IP address");
      }
      pod = history.at(parsed.canonical(), record.time()).orElse(null);
      if (pod == null) {
        return new Side(
            external(parsed, endpoint.dnsNames()), false, null, parsed.canonical(), null, null);
      }
      via = parsed.canonical();
    }
    boolean inScope = namespaceInScope.test(pod.namespace());
    WorkloadRef workload =
        (hints.isEmpty() ? workloadOf.workloadOf(pod) : workloadOf.workloadOf(pod, hints))
            .orElse(null);
    String why = workload == null ? workloadOf.whyNone(pod, hints) : null;
    return new Side(
        workload == null ? null : new Peer.WorkloadPeer(workload), inScope, pod, via, null, why);
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

  /** One side: a peer, or a pod that maps to no workload (and why); and whether it is in scope. */
  private record Side(
      Peer peer, boolean inScope, PodKey pod, String ip, String badAddress, String whyNone) {
    static Side bad(String detail) {
      return new Side(null, false, null, null, detail, null);
    }

    String describe() {
      if (pod != null) {
        return "pod " + pod + (ip != null ? " (had " + ip + ")" : "");
      }
      return ip;
    }

    /** Why a pod side has no workload, with the address it was found by. */
    String why() {
      return (whyNone == null ? describe() : whyNone)
          + (ip != null && whyNone != null ? " (had " + ip + ")" : "");
    }
  }
}
