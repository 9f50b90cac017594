package dev.netseg.dataplane;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures probes until the packets agree with a prediction or a deadline passes. Called after
 * {@link ClusterDriver#sync}, when kube-router has written its rules: the first measurement
 * normally agrees, and the deadline only bounds how long a real disagreement is confirmed.
 */
final class Converge {
  private static final Logger LOG = LoggerFactory.getLogger(Converge.class);
  static final Duration CONFIRM = Duration.ofSeconds(3);

  private Converge() {}

  /** The first measurement that agrees with {@code expected}, or the last one at the deadline. */
  static ProbeMatrix measure(List<Probe> probes, Expectation expected) {
    return measure(probes, expected, CONFIRM);
  }

  static ProbeMatrix measure(List<Probe> probes, Expectation expected, Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    for (int measurements = 1; ; measurements++) {
      ProbeMatrix m = ProbeMatrix.measure(probes);
      boolean agrees = m.agrees(expected);
      if (agrees || System.nanoTime() > end) {
        if (measurements > 1) {
          LOG.info(
              "{} after {} measurements: {} of {} probes disagree",
              agrees ? "agreed" : "still disagreeing",
              measurements,
              m.disagreements(expected).size(),
              probes.size());
        }
        return m;
      }
    }
  }
}
