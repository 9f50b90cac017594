package dev.netseg.flows.relay;

import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Where to resume after a reconnect, and which replayed flows to drop.
 *
 * <p>A reconnect asks Relay for flows {@code since} the newest flow time seen. Hubble's {@code
 * since} is inclusive (it skips only flows strictly before it), so the flows at exactly that time
 * come again. The window therefore remembers a key for every flow delivered at the newest time (its
 * {@code uuid}, or its serialized bytes when Hubble sent none) and drops a flow at that time whose
 * key it has seen; a flow at that same time that was never delivered still gets through. Memory is
 * the number of flows sharing one nanosecond timestamp.
 *
 * <p>Flows older than the newest time are delivered: Relay merges the nodes' streams in a short
 * sort buffer, so a live stream is nearly but not strictly ordered, and a replay never contains
 * them. A flow Relay had not yet emitted that is older than the resume point is lost on a
 * reconnect; that is the limit of resuming by time.
 */
final class ResumeWindow {
  private Instant newest;
  private final Set<Object> keysAtNewest = new HashSet<>();

  ResumeWindow(Optional<Instant> start) {
    this.newest = start.orElse(null);
  }

  /**
   * Records a flow and says whether to deliver it.
   *
   * @param time the flow's time; a flow without one is always delivered and never moves the window
   * @param key identifies the flow among those at the same time
   */
  boolean admit(Instant time, Object key) {
    if (time == null) {
      return true;
    }
    if (newest == null || time.isAfter(newest)) {
      newest = time;
      keysAtNewest.clear();
      keysAtNewest.add(key);
      return true;
    }
    if (time.equals(newest)) {
      return keysAtNewest.add(key);
    }
    return true;
  }

  /** The {@code since} of the next request: the newest flow time seen (or the configured start). */
  Optional<Instant> since() {
    return Optional.ofNullable(newest);
  }
}
