package dev.netseg.flows;

import dev.netseg.model.Peer;
import dev.netseg.policy.Protocol;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The last step of ingestion: resolves each accepted record and adds it to the store, counting the
 * unresolved by reason. A {@link Consumer} so that it plugs into {@link FlowReader} as the sink
 * (and into the Relay client the same way). Thread-safe.
 */
public final class FlowLearner implements Consumer<FlowRecord> {
  private final FlowResolver resolver;
  private final EdgeStore store;
  private final IngestCounter counter;

  public FlowLearner(FlowResolver resolver, EdgeStore store, IngestCounter counter) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.store = Objects.requireNonNull(store, "store");
    this.counter = Objects.requireNonNull(counter, "counter");
  }

  /**
   * What a reader keeps of a pod it saw, so that its next records resolve without asking the model
   * again: its scope and its workload's number in the store, valid for one model version and store
   * epoch. Belongs to one reader on one thread.
   */
  static final class PodSeen {
    final PodKey key;
    long version = -1;
    int epoch = -1;
    boolean inScope;
    int peerId = -1; // -1: no workload

    PodSeen(PodKey key) {
      this.key = key;
    }
  }

  /** What a reader keeps of a valid address it saw: its number as an external peer. */
  static final class AddressSeen {
    final AddressCache.Parsed address;
    int epoch = -1;
    int externalId;

    AddressSeen(AddressCache.Parsed address) {
      this.address = address;
    }
  }

  // side(): the peer number shifted left by 2, IN_SCOPE and EXTERNAL bits; NO_PEER when unknown
  private static final long IN_SCOPE = 1;
  private static final long EXTERNAL = 2;
  private static final long NO_PEER = -1;

  /**
   * Learns a record given as its parts, as {@link #accept} would, when it resolves: each side is a
   * pod by name ({@code pod}), else an address ({@code ip}) with its DNS names. Builds no record
   * and no edge object; ingestion calls this for every accepted line.
   *
   * @return false, having done nothing, when the record does not resolve (or the store renumbered
   *     its peers meanwhile): {@link #accept} with the record then counts why
   */
  boolean learnParts(
      PodSeen sourcePod,
      AddressSeen sourceIp,
      List<String> sourceNames,
      PodSeen destinationPod,
      AddressSeen destinationIp,
      List<String> destinationNames,
      Protocol protocol,
      int port,
      Instant time,
      FlowVerdict verdict) {
    long version = resolver.modelVersion(); // read before the answers it vouches for
    int epoch = store.epoch();
    long source = side(sourcePod, sourceIp, time, version, epoch);
    if (source == NO_PEER) {
      return false;
    }
    long destination = side(destinationPod, destinationIp, time, version, epoch);
    if (destination == NO_PEER || ((source | destination) & IN_SCOPE) == 0) {
      return false;
    }
    return store.addById(
        epoch,
        (int) (source >>> 2),
        (int) (destination >>> 2),
        protocol,
        port,
        time,
        verdict,
        (source & EXTERNAL) != 0 ? sourceNames : List.of(),
        (destination & EXTERNAL) != 0 ? destinationNames : List.of());
  }

  private long side(PodSeen pod, AddressSeen ip, Instant time, long version, int epoch) {
    if (pod != null) {
      if (version < 0 || pod.version != version || pod.epoch != epoch) {
        pod.inScope = resolver.inScope(pod.key);
        Peer peer = resolver.workloadPeer(pod.key);
        pod.peerId = peer == null ? -1 : store.peerId(peer);
        pod.version = version;
        pod.epoch = epoch;
      }
      return pod.peerId < 0 ? NO_PEER : ((long) pod.peerId << 2) | (pod.inScope ? IN_SCOPE : 0);
    }
    // The holder of an address depends on the time: asked every time.
    PodKey holder = resolver.holder(ip.address.canonical(), time);
    if (holder != null) {
      Peer peer = resolver.workloadPeer(holder);
      if (peer == null) {
        return NO_PEER;
      }
      return ((long) store.peerId(peer) << 2) | (resolver.inScope(holder) ? IN_SCOPE : 0);
    }
    if (ip.epoch != epoch) {
      ip.externalId = store.peerId(new Peer.ExternalPeer(ip.address.host(), List.of()));
      ip.epoch = epoch;
    }
    return ((long) ip.externalId << 2) | EXTERNAL;
  }

  @Override
  public void accept(FlowRecord record) {
    learn(record);
  }

  /**
   * Learns a record that resolves, else counts why it does not, with the record's fields as the
   * example.
   *
   * @return why the record was not learned; empty when it was
   */
  public Optional<UnresolvedReason> learn(FlowRecord record) {
    return learn(record, record::describe);
  }

  /**
   * As {@link #learn(FlowRecord)}, with the input the record was read from as the example.
   *
   * @param line the input line, asked for only on a reason's first occurrence
   */
  public Optional<UnresolvedReason> learn(FlowRecord record, Supplier<String> line) {
    Resolution resolution = resolver.resolve(record);
    if (resolution instanceof Resolution.Resolved r) {
      store.add(r.edge());
      return Optional.empty();
    }
    Resolution.Unresolved u = (Resolution.Unresolved) resolution;
    counter.count(u.reason(), u.detail(), line);
    return Optional.of(u.reason());
  }

  /** Whether records' hints decide pods' workloads: then each pod's first line is read whole. */
  boolean usesHints() {
    return resolver.usesHints();
  }
}
