package dev.netseg.flows;

import dev.netseg.policy.Protocol;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

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
   * Learns a record given as its parts (see {@link FlowResolver#resolveParts}) when it resolves.
   *
   * @return false when it does not: nothing was done, and {@link #accept} with the record counts
   *     why
   */
  boolean learnParts(
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
    ObservedEdge edge =
        resolver.resolveParts(
            sourcePod,
            sourceIp,
            sourceNames,
            destinationPod,
            destinationIp,
            destinationNames,
            protocol,
            port,
            time,
            verdict);
    if (edge == null) {
      return false;
    }
    store.add(edge);
    return true;
  }

  @Override
  public void accept(FlowRecord record) {
    Resolution resolution = resolver.resolve(record);
    if (resolution instanceof Resolution.Resolved r) {
      store.add(r.edge());
    } else {
      Resolution.Unresolved u = (Resolution.Unresolved) resolution;
      counter.count(u.reason(), u.detail(), record::toString);
    }
  }
}
