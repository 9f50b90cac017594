package dev.netseg.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What a command is doing, on stderr, for runs that take longer than a threshold (a second by
 * default): nothing for a quick run, so that pipelines and people see clean output; for a slow one,
 * the stage it is in once the threshold passes, every later stage as it starts, and the total time.
 * A daemon timer announces a long first stage, so a run is never silent for long.
 */
final class Progress implements AutoCloseable {
  private final PrintWriter err;
  private final long start = System.nanoTime();
  private final ScheduledExecutorService timer;
  private String stage = "starting";
  private boolean shown;
  private boolean closed;

  /**
   * @param after how long a run may take before progress is shown; zero shows it from the start
   */
  Progress(PrintWriter err, Duration after) {
    this.err = err;
    if (after.isZero() || after.isNegative()) {
      shown = true;
      timer = null;
    } else {
      timer =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "netseg-progress");
                t.setDaemon(true);
                return t;
              });
      timer.schedule(this::reveal, after.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Progress that is never shown. */
  static Progress silent(PrintWriter err) {
    return new Progress(err, Duration.ofDays(365));
  }

  /** Starts a stage: {@code loading manifests from examples/shop}. */
  synchronized void stage(String description) {
    stage = description;
    if (shown && !closed) {
      print(description + "...");
    }
  }

  private synchronized void reveal() {
    if (!closed && !shown) {
      shown = true;
      print(stage + "...");
    }
  }

  private void print(String line) {
    err.printf(Locale.ROOT, "netseg: [%.1fs] %s%n", seconds(), line);
    err.flush();
  }

  private double seconds() {
    return (System.nanoTime() - start) / 1e9;
  }

  /** The run succeeded: prints the total time if progress was shown. */
  synchronized void done() {
    if (shown && !closed) {
      print("done");
    }
    close();
  }

  /** Stops the timer; a failed run ends here without "done". */
  @Override
  public synchronized void close() {
    closed = true;
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
