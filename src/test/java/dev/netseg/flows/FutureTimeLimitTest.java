package dev.netseg.flows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.policy.Protocol;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FutureTimeLimitTest {
  private static final Instant NOW = Instant.parse("2026-11-01T10:00:00Z");

  private static Outcome<FlowRecord> recordAt(Instant time) {
    FlowEndpoint side = FlowEndpoint.address("10.0.0.1", List.of());
    return Outcome.accepted(
        new FlowRecord(time, side, side, Protocol.TCP, 443, FlowVerdict.FORWARDED));
  }

  @Test
  void aRecordUpToTheSkewAheadPassesAndOneBeyondIsRejectedWithItsLead() {
    FutureTimeLimit limit = FutureTimeLimit.DEFAULT;
    Outcome<FlowRecord> atLimit = recordAt(NOW.plus(Duration.ofMinutes(5)));
    assertThat(limit.check(atLimit, NOW)).isSameAs(atLimit);
    Outcome<FlowRecord> past = recordAt(NOW.minus(Duration.ofDays(30)));
    assertThat(limit.check(past, NOW)).isSameAs(past);

    Outcome<FlowRecord> beyond = limit.check(recordAt(NOW.plus(Duration.ofHours(2))), NOW);
    assertThat(beyond)
        .isEqualTo(
            Outcome.rejected(
                RejectReason.FUTURE_TIME,
                "time: 2026-11-01T12:00:00Z is PT2H ahead of this clock (2026-11-01T10:00:00Z);"
                    + " more than PT5M is refused, check the sender's clock"));
    assertThat(limit.check(recordAt(NOW.plus(Duration.ofMinutes(5)).plusNanos(1)), NOW))
        .isInstanceOf(Outcome.Rejected.class);
  }

  @Test
  void otherOutcomesPassUnchanged() {
    Outcome<FlowRecord> skipped = Outcome.skipped(SkipReason.REPLY, "reply");
    assertThat(FutureTimeLimit.DEFAULT.check(skipped, NOW)).isSameAs(skipped);
    Outcome<FlowRecord> rejected = Outcome.rejected(RejectReason.BAD_TIME, "bad");
    assertThat(FutureTimeLimit.DEFAULT.check(rejected, NOW)).isSameAs(rejected);
  }
}
