package dev.netseg.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class StringCacheTest {

  @Property(tries = 300)
  void alwaysGivesTheTextOfTheBytesEvenWhenStringsCollide(
      @ForAll @Size(max = 60)
          List<@StringLength(max = 70) @Chars({'a', 'b', '-', '1'}) String> texts) {
    StringCache tiny = new StringCache(2); // four slots: nearly every string collides
    for (String text : texts) {
      byte[] padded = ("[" + text + "]").getBytes(StandardCharsets.US_ASCII);

      assertThat(tiny.ascii(padded, 1, padded.length - 1)).isEqualTo(text);
    }
  }

  @Test
  void givesTheSameInstanceForTheSameBytes() {
    StringCache cache = new StringCache();
    byte[] line = "\"shop\",\"shop\"".getBytes(StandardCharsets.US_ASCII);

    assertThat(cache.ascii(line, 1, 5)).isSameAs(cache.ascii(line, 8, 12)).isEqualTo("shop");
  }
}
