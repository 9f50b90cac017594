package dev.netseg.operator.learn;

import dev.netseg.flows.EdgeSnapshot;
import dev.netseg.flows.EdgeStore;
import dev.netseg.flows.FlowLearner;
import dev.netseg.flows.FlowResolver;
import dev.netseg.flows.FutureTimeLimit;
import dev.netseg.flows.IngestCounter;
import dev.netseg.flows.IngestStats;
import dev.netseg.flows.LearnedEdge;
import dev.netseg.flows.PodIpHistory;
import dev.netseg.model.RequiredFlow;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * What the operator learns from flows: one {@link EdgeStore} fed by every configured source, the
 * pod history that resolves addresses at the time they were seen, the workload of each pod, a
 * counter per source and each source's health.
 *
 * <p>Wiring: give the operator's pods (and workload controllers) to {@link #observePods} and {@link
 * #observeControllers} whenever they change; give {@link #httpSink()} to the flow endpoint and mark
 * the source available once the endpoint listens; build the Relay source with {@link
 * #relayConsumer()} as consumer and its {@link RelayFlowConsumer#onState} as state listener; hand
 * {@link #store()} to {@link EdgePersistence}. Thread-safe.
 */
public final class FlowLearning implements LearnedFlows {
  /** How long a pod that disappeared still resolves late flows, by default. */
  public static final Duration DEFAULT_POD_MEMORY = Duration.ofHours(1);

  private final EdgeStore store = new EdgeStore();
  private final PodIpHistory history = new PodIpHistory();
  private final PodTracker pods;
  private final FlowResolver resolver;
  private final SourceHealth health;
  private final IngestMetrics metrics;
  private final Map<String, IngestCounter> counters = new TreeMap<>();
  private final String evidenceLabel;
  private final HttpFlowSink httpSink;
  private final RelayFlowConsumer relayConsumer;

  /**
   * @param sources the configured flow sources ({@link FlowSourceNames}): each starts unavailable
   *     until it is up
   * @param namespaceInScope namespaces whose workloads are segmented; a record touching none is
   *     counted as unresolved, not learned
   */
  public FlowLearning(
      Set<String> sources, Predicate<String> namespaceInScope, IngestMetrics metrics, Clock clock) {
    this(sources, namespaceInScope, metrics, clock, DEFAULT_POD_MEMORY);
  }

  /**
   * @param podMemory how long a pod that disappeared still resolves flows that arrive late
   */
  public FlowLearning(
      Set<String> sources,
      Predicate<String> namespaceInScope,
      IngestMetrics metrics,
      Clock clock,
      Duration podMemory) {
    for (String s : sources) {
      if (!s.equals(FlowSourceNames.HTTP) && !s.equals(FlowSourceNames.HUBBLE_RELAY)) {
        throw new IllegalArgumentException("unknown flow source: " + s);
      }
    }
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.health = new SourceHealth(sources, clock);
    this.pods = new PodTracker(history, podMemory);
    this.resolver = new FlowResolver(history, pods::workloadOf, namespaceInScope);
    for (String s : List.of(FlowSourceNames.HTTP, FlowSourceNames.HUBBLE_RELAY)) {
      counters.put(s, new IngestCounter(new ReasonLogger(s)));
    }
    this.evidenceLabel = String.join(", ", new TreeSet<>(sources));
    this.httpSink =
        new HttpFlowSink(
            learner(FlowSourceNames.HTTP),
            counter(FlowSourceNames.HTTP),
            metrics,
            FutureTimeLimit.DEFAULT,
            clock);
    this.relayConsumer =
        new RelayFlowConsumer(
            learner(FlowSourceNames.HUBBLE_RELAY),
            counter(FlowSourceNames.HUBBLE_RELAY),
            metrics,
            health,
            FutureTimeLimit.DEFAULT,
            clock);
  }

  private FlowLearner learner(String source) {
    return new FlowLearner(resolver, store, counter(source));
  }

  private IngestCounter counter(String source) {
    return counters.get(source);
  }

  /**
   * Every pod that exists now (the informer's list): new and changed pods are recorded with their
   * addresses from their start; pods missing from the list held theirs until they were last seen.
   */
  public void observePods(Collection<Pod> allPods, Instant now) {
    pods.observe(allPods, now);
  }

  /**
   * Every workload controller that exists now (Deployments, ReplicaSets, StatefulSets, DaemonSets,
   * Jobs, CronJobs), so that pods map to the workloads the reconciler sees: a CronJob's pods to the
   * CronJob. Without them, a ReplicaSet's pods still map to their Deployment by the {@code
   * pod-template-hash} label.
   */
  public void observeControllers(Collection<? extends HasMetadata> controllers) {
    pods.observeControllers(controllers);
  }

  /** The sink for {@code POST /api/v1/flows} ({@code FlowIngestHandler}). */
  public HttpFlowSink httpSink() {
    return httpSink;
  }

  /** The consumer for {@code RelayFlowSource}; its {@code onState} is the state listener. */
  public RelayFlowConsumer relayConsumer() {
    return relayConsumer;
  }

  /**
   * This replica starts learning (it took the lead, or started alone): for {@code duration} every
   * source that is up still counts as down, so that no allowance is removed before collectors have
   * reported to it what they saw while no replica learned.
   */
  public void warmUp(Duration duration) {
    health.warmUp(duration);
  }

  /** Marks a configured source as delivering (for the HTTP endpoint: once it listens). */
  public void sourceAvailable(String source) {
    health.available(source);
  }

  /** Marks a configured source as not delivering, with why. */
  public void sourceUnavailable(String source, String reason) {
    health.unavailable(source, reason);
  }

  /** The store every source learns into, for {@link EdgePersistence}. */
  public EdgeStore store() {
    return store;
  }

  /** What {@code source} delivered so far, by outcome and reason. */
  public IngestStats stats(String source) {
    IngestCounter c = counters.get(source);
    if (c == null) {
      throw new IllegalArgumentException("unknown flow source: " + source);
    }
    return c.snapshot();
  }

  @Override
  public List<RequiredFlow> observed(String namespace, Duration retention, Instant now) {
    return StoredEdges.observed(store.snapshot(), namespace, retention, now, evidenceLabel);
  }

  @Override
  public Optional<Instant> nextExpiry(String namespace, Duration retention, Instant now) {
    Instant cutoff;
    try {
      cutoff = now.minus(retention);
    } catch (DateTimeException | ArithmeticException e) {
      return Optional.empty();
    }
    return EdgeViews.touching(store.snapshot().learned(), namespace).stream()
        .map(LearnedEdge::lastSeen)
        .filter(seen -> !seen.isBefore(cutoff))
        .min(Instant::compareTo)
        .map(seen -> seen.plus(retention));
  }

  @Override
  public long edges(String namespace) {
    return EdgeViews.touching(store.snapshot().learned(), namespace).size();
  }

  /** Attempts touching {@code namespace} that a policy blocked or would block: for reports. */
  public AttemptedEdges attempted(String namespace) {
    EdgeSnapshot s = store.snapshot();
    return new AttemptedEdges(
        EdgeViews.touching(s.dropped(), namespace), EdgeViews.touching(s.audited(), namespace));
  }

  /** The configured sources. */
  public Set<String> sources() {
    return health.configured();
  }

  /** Whether {@code source} (configured) is delivering now. */
  public boolean available(String source) {
    return health.state(source).available();
  }

  /** Learned (forwarded) edges, all namespaces. */
  public long learnedEdges() {
    return store.snapshot().learned().size();
  }

  /** The newest time any edge (learned or attempted) was last seen; empty when none. */
  public Optional<Instant> newestSighting() {
    EdgeSnapshot s = store.snapshot();
    return java.util.stream.Stream.of(s.learned(), s.dropped(), s.audited())
        .flatMap(List::stream)
        .map(LearnedEdge::lastSeen)
        .max(Instant::compareTo);
  }

  /**
   * For each namespace a workload of which is on either side of a learned edge, a fingerprint of
   * what {@link #observed} would give it: the edges' identities and the peers' DNS names, not their
   * counts or times (which change at every sighting and change no policy). Two equal fingerprints
   * mean, all but certainly, the same required flows.
   */
  public Map<String, Long> fingerprints() {
    Map<String, Long> out = new HashMap<>();
    for (LearnedEdge e : store.snapshot().learned()) {
      long h = Objects.hash(e.source(), e.destination(), e.protocol(), e.port());
      // Mixed so that a sum over edges rarely cancels out.
      long mixed = (h * 0x9E3779B97F4A7C15L) ^ (h >>> 29);
      for (String ns : namespacesOf(e)) {
        out.merge(ns, mixed, Long::sum);
      }
    }
    return out;
  }

  private static Set<String> namespacesOf(LearnedEdge e) {
    Set<String> out = new TreeSet<>();
    if (e.source() instanceof dev.netseg.model.Peer.WorkloadPeer w) {
      out.add(w.workload().namespace());
    }
    if (e.destination() instanceof dev.netseg.model.Peer.WorkloadPeer w) {
      out.add(w.workload().namespace());
    }
    return out;
  }

  @Override
  public long unresolvedRecords() {
    return counters.values().stream().mapToLong(c -> c.snapshot().unresolvedTotal()).sum();
  }

  @Override
  public List<String> unavailable(List<String> wanted) {
    return health.unavailable(wanted);
  }
}
