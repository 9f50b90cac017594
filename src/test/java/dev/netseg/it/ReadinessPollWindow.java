package dev.netseg.it;

import java.time.Duration;
import java.time.LocalTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps API server starts out of the minutes before midnight, where kube-api-test 7.5.2's readiness
 * polls fail at once.
 *
 * <p>{@code ProcessReadinessChecker.pollWithTimeout} computes its deadline as a {@link LocalTime},
 * which wraps at midnight: a poll that starts less than its time-out before midnight has a deadline
 * early the same day, so it gives up at its first miss, a second or two in, with "did not start
 * properly". {@code KubeAPIServer.start} then leaves etcd and kube-apiserver running. A start whose
 * polls could reach midnight therefore waits until midnight has passed (at most the time-out plus
 * {@link #MARGIN}, on the rare run that crosses midnight).
 */
final class ReadinessPollWindow {
  private static final Logger LOG = LoggerFactory.getLogger(ReadinessPollWindow.class);

  /** Time for a start to reach its last poll (etcd's, then /readyz, then the default namespace). */
  static final Duration MARGIN = Duration.ofSeconds(60);

  private static final long NANOS_PER_DAY = Duration.ofDays(1).toNanos();

  private ReadinessPollWindow() {}

  /**
   * How long a start at {@code now} must wait so that no poll with {@code timeout} begun within
   * {@link #MARGIN} of it has a deadline past midnight: zero, or until one second after midnight.
   */
  static Duration pauseBefore(LocalTime now, Duration timeout) {
    long untilMidnight = NANOS_PER_DAY - now.toNanoOfDay();
    if (untilMidnight > timeout.plus(MARGIN).toNanos()) {
      return Duration.ZERO;
    }
    return Duration.ofNanos(untilMidnight).plusSeconds(1);
  }

  /** Waits, if it must, before starting {@code what} whose polls time out after {@code timeout}. */
  static void awaitSafeStart(String what, Duration timeout) {
    Duration pause = pauseBefore(LocalTime.now(), timeout);
    if (pause.isZero()) {
      return;
    }
    LOG.info(
        "waiting {} s for midnight to pass before starting {}: kube-api-test's readiness polls"
            + " time out by local time of day and would fail at once across midnight",
        pause.toSeconds(),
        what);
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to start " + what, e);
    }
  }
}
