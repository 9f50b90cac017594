package dev.netseg.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
    "0s, PT0S",
    "500ms, PT0.5S",
    "30s, PT30S",
    "90s, PT1M30S",
    "15m, PT15M",
    "24h, PT24H",
    "1h30m, PT1H30M",
    "30m1h, PT1H30M",
    "7d, PT168H",
    "1d12h, PT36H",
    "1h0m5s250ms, PT1H0M5.25S",
    "PT30S, PT30S",
    "PT1M30S, PT1M30S",
    "PT0.5S, PT0.5S",
    "P1DT2H, PT26H",
    "P7D, PT168H",
  })
  void parsesTheKubernetesStyleAndIso8601(String text, String expected) {
    assertThat(Durations.parse(text)).contains(Duration.parse(expected));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @CsvSource({
    "''",
    "30",
    "s",
    "3x",
    "1.5h",
    "-30s",
    "30 s",
    "' 30s'",
    "30S",
    "1w",
    "PT",
    "P",
    "PT-30S",
    "-PT30S",
    "P1M",
    "pt30s",
    "PT30s",
    "P1DT",
    "thirty",
    "99999999999999999999d",
    "999999999999999d",
  })
  void refusesWhatIsNotADuration(String text) {
    assertThat(Durations.parse(text)).isEmpty();
  }
}
