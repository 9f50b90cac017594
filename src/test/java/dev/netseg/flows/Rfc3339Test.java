package dev.netseg.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Rfc3339Test {

  @Property(tries = 2000)
  void agreesWithTheJdkParserOnEveryShapeItReadsByHand(
      @ForAll @LongRange(min = -62_135_596_800L + 86_400L, max = 253_402_300_799L - 86_400L)
          long epochSecond,
      @ForAll @IntRange(min = 0, max = 999_999_999) int nanos,
      @ForAll @IntRange(min = 0, max = 9) int fractionDigits,
      @ForAll @IntRange(min = -18 * 4, max = 18 * 4) int offsetQuarters) {
    ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsetQuarters * 15 * 60);
    OffsetDateTime time = Instant.ofEpochSecond(epochSecond, nanos).atOffset(offset).withNano(0);
    String fraction =
        fractionDigits == 0 ? "" : "." + String.format("%09d", nanos).substring(0, fractionDigits);
    String text =
        time.format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss"))
            + fraction
            + (offset.getTotalSeconds() == 0 ? "Z" : offset.getId());

    Instant expected = OffsetDateTime.parse(text).toInstant();

    assertThat(Rfc3339.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "2024-05-01T10:00:00Z, 2024-05-01T10:00:00Z",
    "2024-05-01t10:00:00z, 2024-05-01T10:00:00Z",
    "2024-05-01T10:00:00.5+02:00, 2024-05-01T08:00:00.5Z",
    "2024-02-29T23:59:59.123456789123Z, 2024-02-29T23:59:59.123456789Z",
  })
  void readsRfc3339Times(String text, String expected) {
    assertThat(Rfc3339.parse(text)).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "yesterday",
        "2024-05-01",
        "2024-05-01T10:00:00",
        "2024-02-30T10:00:00Z",
        "2024-05-01T24:00:00Z",
        "2024-05-01T10:00:00.Z",
        "2024-05-01T10:00:00+2:00",
        "2024-05-01T10:00:00Z trailing",
        "２０２４-05-01T10:00:00Z"
      })
  void refusesWhatIsNotAnRfc3339DateTimeWithOffset(String text) {
    assertThat(Rfc3339.parse(text)).isNull();
  }
}
