package dev.netseg.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reference's verdict on broken bytes, where Jackson's own byte reader used to say "end of
 * input" for lines that are whole: the lines found by {@link
 * HubbleParserAgreesWithTreeReferenceTest} when it disagreed with the parser.
 */
class HubbleTreeReferenceTest {
  private final HubbleJsonParser parser = new HubbleJsonParser();

  static Stream<Arguments> brokenLines() {
    return Stream.of(
        // a stray quote in place of the second byte of "é" in a field name
        Arguments.of("7b22785f636166c3223322 3a317d", RejectReason.NOT_UTF8),
        // a stray quote in place of the last byte of "本" in a field name
        Arguments.of("7b22785fe697a5e69c2231223a317d", RejectReason.NOT_UTF8),
        // a NUL in place of the opening brace (Jackson guessed UTF-16 from it)
        Arguments.of("00226122 3a7b7d7d", RejectReason.BAD_JSON),
        // a line cut inside "😀": truncated, not broken
        Arguments.of("7b2261223a22f09f", RejectReason.TRUNCATED));
  }

  @ParameterizedTest
  @MethodSource("brokenLines")
  void namesBrokenBytesAsTheParserDoes(String hex, RejectReason reason) {
    byte[] line = HexFormat.of().parseHex(hex.replace(" ", ""));

    Outcome<HubbleFlow> reference = HubbleTreeReference.parse(line);
    Outcome<HubbleFlow> parsed = parser.parse(line, 0, line.length);

    assertThat(reference).isInstanceOf(Outcome.Rejected.class);
    assertThat(((Outcome.Rejected<HubbleFlow>) reference).reason()).isEqualTo(reason);
    assertThat(((Outcome.Rejected<HubbleFlow>) parsed).reason()).isEqualTo(reason);
  }
}
