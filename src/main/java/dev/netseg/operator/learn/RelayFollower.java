package dev.netseg.operator.learn;

import dev.netseg.flows.relay.RelayConfig;
import dev.netseg.flows.relay.RelayFlowSource;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one Hubble Relay stream on the namespaces in scope. Relay filters flows by namespace, so
 * when the set changes (a profile created in a new namespace) the stream is replaced by one on the
 * new set, resuming from the newest flow the old one saw so that nothing in between is missed.
 */
public final class RelayFollower implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RelayFollower.class);

  private final BiFunction<List<String>, Optional<Instant>, RelayFlowSource> sources;

  // Guarded by this.
  private Set<String> following = Set.of();
  private RelayFlowSource current;
  private Optional<Instant> resumeFrom;
  private boolean closed;

  /**
   * @param sources makes an unstarted source on some namespaces, resuming from a time when given
   *     (see {@link RelayConfig#withStartFrom})
   * @param resumeFrom where the first stream starts: the newest learned sighting after loading the
   *     stored edges, so that Relay replays what it still holds of flows learned before a restart
   *     but not yet stored; empty for new flows only
   */
  public RelayFollower(
      BiFunction<List<String>, Optional<Instant>, RelayFlowSource> sources,
      Optional<Instant> resumeFrom) {
    this.sources = Objects.requireNonNull(sources, "sources");
    this.resumeFrom = Objects.requireNonNull(resumeFrom, "resumeFrom");
  }

  /** Follows {@code namespaces}: nothing happens when they are the ones already followed. */
  public synchronized void follow(Set<String> namespaces) {
    if (closed || namespaces.equals(following)) {
      return;
    }
    stopCurrent();
    following = Set.copyOf(namespaces);
    if (namespaces.isEmpty()) {
      return;
    }
    List<String> sorted = List.copyOf(new TreeSet<>(namespaces));
    current = sources.apply(sorted, resumeFrom);
    LOG.info("Following Hubble Relay flows of namespaces {}", sorted);
    current.start();
  }

  private void stopCurrent() {
    if (current != null) {
      current.close();
      Optional<Instant> seen = current.stats().lastSeen();
      if (seen.isPresent() && (resumeFrom.isEmpty() || seen.get().isAfter(resumeFrom.get()))) {
        resumeFrom = seen;
      }
      current = null;
    }
  }

  /** The namespaces followed now. */
  public synchronized Set<String> following() {
    return following;
  }

  @Override
  public synchronized void close() {
    closed = true;
    stopCurrent();
  }
}
