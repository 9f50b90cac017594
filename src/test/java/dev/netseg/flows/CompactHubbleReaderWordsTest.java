package dev.netseg.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/** The word-at-a-time helpers of {@link CompactHubbleReader}, against byte-at-a-time references. */
class CompactHubbleReaderWordsTest {

  @Property(tries = 2000)
  void nonDigitsMarksExactlyTheBytesThatAreNotDigits(@ForAll("mostlyDigits") byte[] bytes) {
    long marks = CompactHubbleReader.nonDigits(word(bytes));
    for (int k = 0; k < Long.BYTES; k++) {
      boolean marked = (marks >>> (8 * k + 7) & 1) != 0;
      assertThat(marked).as("byte %d (0x%02x)", k, bytes[k]).isEqualTo(!isDigit(bytes[k]));
    }
  }

  @Property(tries = 2000)
  void eightDigitsReadsTheDigitsShiftedToTheTopOfTheWord(
      @ForAll @IntRange(min = 1, max = 8) int digits,
      @ForAll("mostlyDigits") byte[] bytes,
      @ForAll @IntRange(min = 0, max = 99_999_999) int value) {
    String text = String.format("%0" + digits + "d", value % (int) Math.pow(10, digits));
    for (int k = 0; k < digits; k++) {
      bytes[k] = (byte) text.charAt(k);
    }
    // the bytes after the digits are whatever follows the number; the shift drops them
    long shifted = word(bytes) << (8 * (Long.BYTES - digits));
    assertThat(CompactHubbleReader.eightDigits(shifted)).isEqualTo(Long.parseLong(text));
  }

  @Provide
  Arbitrary<byte[]> mostlyDigits() {
    Arbitrary<Byte> digit = Arbitraries.bytes().between((byte) '0', (byte) '9');
    Arbitrary<Byte> any = Arbitraries.bytes();
    Arbitrary<Byte> edges =
        Arbitraries.of(
            (byte) '/',
            (byte) ':',
            (byte) 0,
            (byte) 0x7F,
            (byte) 0x80,
            (byte) 0xB0,
            (byte) 0xB9,
            (byte) 0xFF,
            (byte) ',',
            (byte) '}');
    return Arbitraries.frequencyOf(Tuple.of(6, digit), Tuple.of(2, any), Tuple.of(2, edges))
        .array(byte[].class)
        .ofSize(Long.BYTES);
  }

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }

  /** The eight bytes as a little-endian word. */
  private static long word(byte[] bytes) {
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }
}
