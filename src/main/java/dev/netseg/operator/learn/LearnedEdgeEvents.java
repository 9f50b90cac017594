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
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reconciles the profiles of a namespace whose learned edges changed (a new edge, one that
 * expired), so that a newly learned connection is allowed within seconds rather than at the next
 * resync. Polls {@link FlowLearning#fingerprints()} every {@code interval}: a quiet store sends no
 * event at all, and new sightings of known edges change no fingerprint, so they trigger nothing.
 */
public final class LearnedEdgeEvents extends AbstractEventSource<Void, SegmentationProfile> {
  private static final Logger LOG = LoggerFactory.getLogger(LearnedEdgeEvents.class);

  private final FlowLearning learning;
  private final Function<String, Stream<ResourceID>> profilesIn;
  private final Duration interval;

  // Touched by the polling thread only (and by check() in tests).
  private Map<String, Long> last = Map.of();
  private ScheduledExecutorService executor;

  /**
   * @param profilesIn the profiles of a namespace (the controller's primary cache)
   */
  public LearnedEdgeEvents(
      FlowLearning learning, Function<String, Stream<ResourceID>> profilesIn, Duration interval) {
    super(Void.class, "LearnedEdges");
    this.learning = Objects.requireNonNull(learning, "learning");
    this.profilesIn = Objects.requireNonNull(profilesIn, "profilesIn");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive: " + interval);
    }
    this.interval = interval;
  }

  @Override
  public synchronized void start() throws OperatorException {
    super.start();
    last = learning.fingerprints(); // what the first reconcile of each profile sees anyway
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
      for (String ns : check()) {
        profilesIn.apply(ns).forEach(id -> getEventHandler().handleEvent(new Event(id)));
      }
    } catch (RuntimeException e) {
      LOG.warn("Checking learned edges for changes failed: {}", e.toString());
    }
  }

  /**
   * The namespaces whose learned edges changed since the last check, and remembers the new ones.
   */
  synchronized Set<String> check() {
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
    if (!changed.isEmpty()) {
      LOG.debug("Learned edges changed in namespaces {}", changed);
    }
    return changed;
  }

  @Override
  public Set<Void> getSecondaryResources(SegmentationProfile primary) {
    return Set.of();
  }
}
