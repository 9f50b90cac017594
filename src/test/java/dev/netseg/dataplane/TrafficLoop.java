package dev.netseg.dataplane;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An application's clients while something changes: every probe made again every period, each a
 * fresh connection from a source port of its own (an established connection would survive a policy
 * change and prove nothing), every answer counted. Anything but {@link Verdict#CONNECTED} is a
 * failure, a time-out included.
 */
final class TrafficLoop implements AutoCloseable {
  /** Short: a failure must show at once, and a REJECT answers in well under a millisecond. */
  static final int PROBE_TIMEOUT_MILLIS = 1_000;

  /** One connection that did not connect. */
  record Failure(Probe probe, Verdict verdict, Instant at) {
    @Override
    public String toString() {
      return at + " " + probe + ": " + verdict;
    }
  }

  /** What the clients saw while the loop ran. */
  record Result(long attempts, List<Failure> failures, Duration ran) {
    Result {
      failures = List.copyOf(failures);
    }
  }

  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "traffic-loop");
            t.setDaemon(true);
            return t;
          });
  private final List<ScheduledFuture<?>> ticks = new ArrayList<>();
  private final ConcurrentLinkedQueue<CompletableFuture<Void>> inFlight =
      new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
  private final AtomicLong attempts = new AtomicLong();
  private final long started = System.nanoTime();

  private TrafficLoop() {}

  /** Starts probing each of {@code probes} every {@code period}, the starts spread over one. */
  static TrafficLoop start(List<Probe> probes, Duration period) {
    TrafficLoop loop = new TrafficLoop();
    long every = period.toMillis();
    for (int i = 0; i < probes.size(); i++) {
      Probe p = probes.get(i);
      long offset = every * i / Math.max(1, probes.size());
      loop.ticks.add(
          loop.timer.scheduleAtFixedRate(() -> loop.fire(p), offset, every, TimeUnit.MILLISECONDS));
    }
    return loop;
  }

  private void fire(Probe p) {
    attempts.incrementAndGet();
    String command =
        "probe "
            + p.port().protocol().name().toLowerCase(Locale.ROOT)
            + " "
            + p.to().ip()
            + " "
            + p.port().port()
            + " "
            + PROBE_TIMEOUT_MILLIS;
    Instant at = Instant.now();
    CompletableFuture<Void> done =
        p.from()
            .agent()
            .send(command)
            .handle(
                (answer, error) -> {
                  Verdict v = error != null ? Verdict.ERROR : Verdict.parse(answer);
                  if (v != Verdict.CONNECTED) {
                    failures.add(new Failure(p, v, at));
                  }
                  return null;
                });
    inFlight.add(done);
    inFlight.removeIf(CompletableFuture::isDone);
  }

  /** The failures seen so far. */
  List<Failure> failuresSoFar() {
    return List.copyOf(failures);
  }

  /** How many connections were started so far. */
  long attempts() {
    return attempts.get();
  }

  /** Stops starting probes, waits for the answers of those under way, and says what was seen. */
  Result stop() {
    ticks.forEach(t -> t.cancel(false));
    timer.shutdown();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
      CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new))
          .get(PROBE_TIMEOUT_MILLIS * 5L, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the traffic loop did not end: " + e, e);
    }
    return new Result(
        attempts.get(), new ArrayList<>(failures), Duration.ofNanos(System.nanoTime() - started));
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
