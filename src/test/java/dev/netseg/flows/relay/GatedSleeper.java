package dev.netseg.flows.relay;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Records each backoff delay and, instead of sleeping, waits until the test lets the source go on
 * (or returns at once when ungated), so that tests control when a reconnect happens.
 */
final class GatedSleeper implements Sleeper {
  final List<Duration> delays = new CopyOnWriteArrayList<>();
  private final Semaphore permits = new Semaphore(0);
  private final boolean gated;

  GatedSleeper(boolean gated) {
    this.gated = gated;
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    delays.add(duration);
    if (gated) {
      // Bounded so that a failing test cannot hang the build.
      permits.tryAcquire(10, TimeUnit.SECONDS);
    }
  }

  /** Lets one waiting (or the next) backoff end. */
  void release() {
    permits.release();
  }
}
