package dev.netseg.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live heap: what is left after a full collection. {@link #peakDuring} samples it while a task
 * runs by forcing full collections from a second thread, so the figure is the live set at its worst
 * sampled moment (not the heap in use before a collection, which only says how much garbage piled
 * up). The forced collections slow the task down: measure time in a separate run.
 */
final class HeapWatch {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private HeapWatch() {}

  /** Collects and returns the heap in use now: the live set, including what the caller holds. */
  static long liveNow() {
    System.gc();
    return MEMORY.getHeapMemoryUsage().getUsed();
  }

  /** The largest live heap sampled every {@code intervalMillis} while {@code task} runs. */
  static long peakDuring(Runnable task, long intervalMillis) {
    AtomicLong peak = new AtomicLong(liveNow());
    AtomicBoolean done = new AtomicBoolean();
    Thread sampler =
        new Thread(
            () -> {
              while (!done.get()) {
                peak.accumulateAndGet(liveNow(), Math::max);
                try {
                  Thread.sleep(intervalMillis);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
    try {
      task.run();
    } finally {
      done.set(true);
      try {
        sampler.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return peak.get();
  }
}
