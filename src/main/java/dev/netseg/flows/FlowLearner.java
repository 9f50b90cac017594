package dev.netseg.flows;

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
