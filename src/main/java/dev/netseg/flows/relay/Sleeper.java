package dev.netseg.flows.relay;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Waits out a reconnect delay; injected so that tests never really sleep. */
@FunctionalInterface
public interface Sleeper {
  /**
   * Sleeps for {@code duration}.
   *
   * @throws InterruptedException when the source is closed while sleeping
   */
  void sleep(Duration duration) throws InterruptedException;

  static Sleeper system() {
    return duration -> TimeUnit.NANOSECONDS.sleep(duration.toNanos());
  }
}
