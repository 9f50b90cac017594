package dev.netseg.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReadinessPollWindowTest {

  /** With a 180 s time-out and the 60 s margin, starts from 23:56:00 on wait for midnight. */
  @ParameterizedTest(name = "{0} -> wait {1} ms")
  @CsvSource({
    "00:00:00, 0",
    "12:00:00, 0",
    "23:55:59.999, 0",
    "23:56:00.001, 240999", // just inside: until midnight, and one second more
    "23:58:30, 91000",
    "23:59:59.500, 1500",
  })
  void startsThatAPollCouldCarryPastMidnightWaitForIt(String now, long waitMillis) {
    Duration pause = ReadinessPollWindow.pauseBefore(LocalTime.parse(now), Duration.ofSeconds(180));
    assertThat(pause.toMillis()).isEqualTo(waitMillis);
  }

  /** The defect the wait avoids, as kube-api-test computes its deadline. */
  @ParameterizedTest(name = "a poll from {0} gives up at once: {1}")
  @CsvSource({"23:58:30, true", "23:57:01, true", "23:56:59, false", "00:00:01, false"})
  void aLocalTimeDeadlineWrapsAtMidnight(String start, boolean givesUpAtOnce) {
    LocalTime startedAt = LocalTime.parse(start);
    LocalTime deadline = startedAt.plus(Duration.ofSeconds(180));
    LocalTime twoSecondsIn = startedAt.plusSeconds(2);
    assertThat(twoSecondsIn.isAfter(deadline)).isEqualTo(givesUpAtOnce);
    Duration pause = ReadinessPollWindow.pauseBefore(startedAt, Duration.ofSeconds(180));
    if (givesUpAtOnce) {
      assertThat(pause).isPositive(); // never started where it would give up at once
    }
  }
}
