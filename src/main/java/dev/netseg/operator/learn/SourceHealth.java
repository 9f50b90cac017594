package dev.netseg.operator.learn;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether each configured flow source is delivering now, and if not why. A configured source starts
 * unavailable ("not started"): until it is up, the operator must not tighten policies on what it
 * has not yet been told. After {@link #warmUp} a source that is up still counts as down until the
 * warm-up ends: a replica that starts learning has not yet heard what collectors saw while no
 * replica learned. Thread-safe.
 */
final class SourceHealth {

  /** One source's state. */
  record State(boolean available, String reason, Instant since) {}

  private final Set<String> configured;
  private final Clock clock;
  private final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();

  /** When learning started and until when its warm-up lasts; none before {@link #warmUp}. */
  private record WarmUp(Instant from, Instant until) {}

  private volatile WarmUp warmUp = new WarmUp(Instant.MIN, Instant.MIN);

  SourceHealth(Set<String> configured, Clock clock) {
    this.configured = Set.copyOf(new TreeSet<>(configured));
    this.clock = Objects.requireNonNull(clock, "clock");
    Instant now = clock.instant();
    for (String name : configured) {
      states.put(name, new State(false, "not started", now));
    }
  }

  Set<String> configured() {
    return configured;
  }

  /**
   * Learning starts now: every source that is up counts as down for {@code duration} more (zero:
   * none).
   */
  void warmUp(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("a warm-up must not be negative: " + duration);
    }
    Instant now = clock.instant();
    warmUp = new WarmUp(now, now.plus(duration));
  }

  void available(String source) {
    requireConfigured(source);
    states.compute(
        source,
        (k, old) -> old != null && old.available() ? old : new State(true, "", clock.instant()));
  }

  void unavailable(String source, String reason) {
    requireConfigured(source);
    Objects.requireNonNull(reason, "reason");
    states.compute(
        source,
        (k, old) ->
            old != null && !old.available() && old.reason().equals(reason)
                ? old
                : new State(false, reason, clock.instant()));
  }

  /** The source's state as last reported, the warm-up not counted. */
  State reported(String source) {
    requireConfigured(source);
    return states.get(source);
  }

  /** The source's state now, the warm-up counted. */
  State state(String source) {
    requireConfigured(source);
    return effective(states.get(source));
  }

  private State effective(State own) {
    WarmUp w = warmUp;
    if (!own.available() || !clock.instant().isBefore(w.until())) {
      return own;
    }
    return new State(
        false,
        "warming up until "
            + w.until()
            + ", for collectors to report what they saw before this replica learned"
            + " (--flow-warmup)",
        own.since().isAfter(w.from()) ? own.since() : w.from());
  }

  /**
   * The sources among {@code wanted} (every configured source when empty) that are unavailable, as
   * {@code name: why}, sorted by name. A wanted source this operator does not run is unavailable:
   * what it would have seen is unknown.
   */
  List<String> unavailable(List<String> wanted) {
    Set<String> names = new TreeSet<>(wanted.isEmpty() ? configured : wanted);
    List<String> out = new ArrayList<>();
    for (String name : names) {
      State own = states.get(name);
      State s = own == null ? null : effective(own);
      if (s == null) {
        out.add(name + ": not configured in this operator");
      } else if (!s.available()) {
        out.add(name + ": " + s.reason() + " (since " + s.since() + ")");
      }
    }
    return out;
  }

  private void requireConfigured(String source) {
    if (!configured.contains(source)) {
      throw new IllegalArgumentException(
          "flow source " + source + " is not configured (configured: " + configured + ")");
    }
  }
}
