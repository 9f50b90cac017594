package dev.netseg.flows;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Counts what a source delivered, by outcome and reason, keeping the first example of each reason
 * and telling a {@link FirstOccurrenceListener} once per reason. Thread-safe: one counter may serve
 * a source read by several threads while another thread takes snapshots.
 */
public final class IngestCounter {
  /** Examples are clipped to this many characters. */
  public static final int MAX_EXAMPLE_CHARS = 300;

  private final FirstOccurrenceListener listener;
  private final LongAdder accepted = new LongAdder();
  private final LongAdder blankLines = new LongAdder();
  private final ConcurrentHashMap<FlowReason, Tally> tallies = new ConcurrentHashMap<>();

  public IngestCounter() {
    this(FirstOccurrenceListener.NONE);
  }

  public IngestCounter(FirstOccurrenceListener listener) {
    this.listener = listener;
  }

  public void accepted() {
    accepted.increment();
  }

  public void blankLine() {
    blankLines.increment();
  }

  /**
   * Counts one occurrence of {@code reason}; {@code example} is asked for only on its first.
   *
   * @return true when this was the first occurrence of the reason
   */
  public boolean count(FlowReason reason, String detail, Supplier<String> example) {
    Tally tally = tallies.get(reason);
    boolean first = false;
    if (tally == null) {
      Tally fresh = new Tally(detail, clip(example.get()));
      tally = tallies.putIfAbsent(reason, fresh);
      if (tally == null) {
        tally = fresh;
        first = true;
      }
    }
    tally.count.incrementAndGet();
    if (first) {
      listener.firstOccurrence(reason, tally.detail, tally.example);
    }
    return first;
  }

  /** Counts a parser's or interpreter's outcome: accepted, or skipped/rejected by reason. */
  public void count(Outcome<?> outcome, Supplier<String> example) {
    if (outcome instanceof Outcome.Accepted) {
      accepted();
    } else if (outcome instanceof Outcome.Skipped<?> s) {
      count(s.reason(), s.detail(), example);
    } else if (outcome instanceof Outcome.Rejected<?> r) {
      count(r.reason(), r.detail(), example);
    }
  }

  public IngestStats snapshot() {
    Map<SkipReason, ReasonCount> skipped = new EnumMap<>(SkipReason.class);
    Map<RejectReason, ReasonCount> rejected = new EnumMap<>(RejectReason.class);
    Map<UnresolvedReason, ReasonCount> unresolved = new EnumMap<>(UnresolvedReason.class);
    tallies.forEach(
        (reason, t) -> {
          long n = t.count.get();
          if (n == 0) {
            return; // registered by another thread that has not counted it yet
          }
          ReasonCount c = new ReasonCount(n, t.detail, t.example);
          if (reason instanceof SkipReason s) {
            skipped.put(s, c);
          } else if (reason instanceof RejectReason r) {
            rejected.put(r, c);
          } else {
            unresolved.put((UnresolvedReason) reason, c);
          }
        });
    return new IngestStats(accepted.sum(), blankLines.sum(), skipped, rejected, unresolved);
  }

  static String clip(String s) {
    if (s == null) {
      return "";
    }
    return s.length() <= MAX_EXAMPLE_CHARS ? s : s.substring(0, MAX_EXAMPLE_CHARS) + "...";
  }

  private static final class Tally {
    final String detail;
    final String example;
    final AtomicLong count = new AtomicLong();

    Tally(String detail, String example) {
      this.detail = detail;
      this.example = example;
    }
  }
}
