package dev.netseg.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link HubbleLineLearner#dottedQuad} lets reply lines skip the address table: it must never call
 * valid what {@link AddressCache} rejects.
 */
class DottedQuadTest {

  private static boolean dottedQuad(String text) {
    // the address inside other bytes, as in a line
    byte[] line = ("\"" + text + "\"").getBytes(StandardCharsets.ISO_8859_1);
    return HubbleLineLearner.dottedQuad(line, 1, line.length - 1);
  }

  @ParameterizedTest
  @CsvSource({
    "10.0.0.1, true",
    "0.0.0.0, true",
    "255.255.255.255, true",
    "192.168.100.9, true",
    "256.0.0.1, false",
    "10.0.0.01, false",
    "010.0.0.1, false",
    "10.0.0, false",
    "10.0.0.1.5, false",
    "10..0.1, false",
    "10.0.0.1x, false",
    "1000.0.0.1, false",
    "10.0.0., false",
    "::1, false",
    "' ', false",
  })
  void takesOnlyPlainDottedDecimal(String text, boolean expected) {
    assertThat(dottedQuad(text)).isEqualTo(expected);
  }

  @Property
  void everyDottedDecimalAddressIsTaken(
      @ForAll @IntRange(max = 255) int a,
      @ForAll @IntRange(max = 255) int b,
      @ForAll @IntRange(max = 255) int c,
      @ForAll @IntRange(max = 255) int d) {
    assertThat(dottedQuad(a + "." + b + "." + c + "." + d)).isTrue();
  }

  @Property
  void neverTakesWhatTheAddressParserRejects(
      @ForAll @Chars({'0', '1', '2', '5', '6', '9', '.'}) @StringLength(max = 16) String text) {
    if (dottedQuad(text)) {
      assertThat(AddressCache.parseUncached(text)).isNotNull();
    }
  }
}
