package dev.netseg.operator.learn;

import dev.netseg.operator.crd.SegmentationProfile;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reconciles the profiles of a namespace whose learned edges changed (a new edge, one that
 * expired), so that a newly learned connection is allowed within seconds rather than at the next
 * resync; and every profile when a flow source goes down or comes back, since that decides whether
 * a profile may tighten. Polls {@link FlowLearning#fingerprints()} and the sources' health every
 * {@code interval}: a quiet store sends no event at all, and new sightings of known edges change no
 * fingerprint, so they trigger nothing.
 */
public final class LearnedEdgeEvents extends AbstractEventSource<Void, SegmentationProfile> {
  private static final Logger LOG = LoggerFactory.getLogger(LearnedEdgeEvents.class);

  private final FlowLearning learning;
  private final Function<String, Stream<ResourceID>> profilesIn;
  private final Supplier<Stream<ResourceID>> allProfiles;
  private final Duration interval;

  // Guarded by this.
  private Map<String, Long> last = Map.of();
  private Set<String> lastUnavailable = Set.of();
  private ScheduledExecutorService executor;

  /** What changed since the last check. */
  record Changes(Set<String> namespaces, boolean sources) {}

  /**
   * @param profilesIn the profiles of a namespace (the controller's primary cache)
   * @param allProfiles every profile
   */
  public LearnedEdgeEvents(
      FlowLearning learning,
      Function<String, Stream<ResourceID>> profilesIn,
      Supplier<Stream<ResourceID>> allProfiles,
      Duration interval) {
    super(Void.class, "LearnedEdges");
    this.learning = Objects.requireNonNull(learning, "learning");
    this.profilesIn = Objects.requireNonNull(profilesIn, "profilesIn");
    this.allProfiles = Objects.requireNonNull(allProfiles, "allProfiles");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive: " + interval);
    }
    this.interval = interval;
  }

  @Override
  public synchronized void start() throws OperatorException {
    super.start();
    // What the first reconcile of each profile sees anyway.
    last = learning.fingerprints();
    lastUnavailable = unavailableSources();
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "netseg-learned-edge-events");
              t.setDaemon(true);
              return t;
            });
    long ms = interval.toMillis();
    executor.scheduleWithFixedDelay(this::poll, ms, ms, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() throws OperatorException {
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
    super.stop();
  }

  private void poll() {
    try {
      Changes changes = check();
      Stream<ResourceID> affected =
          changes.sources() ? allProfiles.get() : changes.namespaces().stream().flatMap(profilesIn);
      affected.forEach(id -> getEventHandler().handleEvent(new Event(id)));
    } catch (RuntimeException e) {
      LOG.warn("Checking learned edges for changes failed: {}", e.toString());
    }
  }

  /** The sources down now, by name (the reason a source is down does not matter here). */
  private Set<String> unavailableSources() {
    Set<String> names = new TreeSet<>();
    for (String s : learning.sources()) {
      if (!learning.available(s)) {
        names.add(s);
      }
    }
    return names;
  }

  /** What changed since the last check; remembers the new state. */
  synchronized Changes check() {
    Set<String> unavailable = unavailableSources();
    boolean sources = !unavailable.equals(lastUnavailable);
    lastUnavailable = unavailable;
    Map<String, Long> now = learning.fingerprints();
    Set<String> changed = new TreeSet<>();
    Map<String, Long> all = new HashMap<>(last);
    now.forEach((ns, fp) -> all.putIfAbsent(ns, fp));
    for (String ns : all.keySet()) {
      if (!Objects.equals(last.get(ns), now.get(ns))) {
        changed.add(ns);
      }
    }
    last = now;
    if (!changed.isEmpty() || sources) {
      LOG.debug(
          "Learned edges changed in namespaces {}; flow sources down now: {}",
          changed,
          unavailable);
    }
    return new Changes(changed, sources);
  }

  @Override
  public Set<Void> getSecondaryResources(SegmentationProfile primary) {
    return Set.of();
  }
}
