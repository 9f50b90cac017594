package dev.netseg.flows;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Refuses records dated further ahead of the receiver's clock than clocks plausibly disagree. A
 * learned edge is kept for the retention counted from its last sighting, so an edge seen "next
 * year" would be kept a year longer than it should, and one seen in 2099 forever. Such a record is
 * rejected ({@link RejectReason#FUTURE_TIME}, counted with an example, so the collector's clock can
 * be fixed) rather than clamped to now: a clamped record would look current while its source's
 * clock is wrong, and every record from that source would be suspect anyway.
 *
 * <p>The receiver passes its clock's reading: this class has none.
 *
 * @param maxSkew how far ahead of now a record may be dated
 */
public record FutureTimeLimit(Duration maxSkew) {
  /** Five minutes: more than NTP-synchronised clocks disagree, less than any retention. */
  public static final FutureTimeLimit DEFAULT = new FutureTimeLimit(Duration.ofMinutes(5));

  public FutureTimeLimit {
    Objects.requireNonNull(maxSkew, "maxSkew");
    if (maxSkew.isNegative()) {
      throw new IllegalArgumentException("maxSkew must not be negative: " + maxSkew);
    }
  }

  /** The outcome unchanged, unless it is a record dated more than the skew after {@code now}. */
  public Outcome<FlowRecord> check(Outcome<FlowRecord> outcome, Instant now) {
    if (outcome instanceof Outcome.Accepted<FlowRecord> a
        && a.value().time().isAfter(now.plus(maxSkew))) {
      Duration ahead = Duration.between(now, a.value().time());
      return Outcome.rejected(
          RejectReason.FUTURE_TIME,
          "time: "
              + a.value().time()
              + " is "
              + ahead
              + " ahead of this clock ("
              + now
              + "); more than "
              + maxSkew
              + " is refused, check the sender's clock");
    }
    return outcome;
  }
}
