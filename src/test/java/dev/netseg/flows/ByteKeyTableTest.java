package dev.netseg.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

class ByteKeyTableTest {

  /** A key of three parts, found in a line as three ranges with other bytes around them. */
  private record Key(String first, String second, String third) {
    Key(String first, String second) {
      this(first, second, "");
    }
  }

  private static Integer lookup(ByteKeyTable<Integer> table, Key key, Integer orPut) {
    byte[] line =
        ("[" + key.first() + "|" + key.second() + "|" + key.third() + "]")
            .getBytes(StandardCharsets.US_ASCII);
    int from1 = 1;
    int to1 = from1 + key.first().length();
    int from2 = to1 + 1;
    int to2 = from2 + key.second().length();
    int from3 = to2 + 1;
    int to3 = from3 + key.third().length();
    int h = ByteKeyTable.hash(line, from1, to1, from2, to2, from3, to3);
    Integer found = table.get(h, line, from1, to1, from2, to2, from3, to3);
    return found != null || orPut == null
        ? found
        : table.put(h, line, from1, to1, from2, to2, from3, to3, orPut);
  }

  @Property(tries = 300)
  void findsWhatWasPutUnderTheSameThreePartsAndNothingElse(
      @ForAll @Size(max = 300)
          List<@StringLength(max = 40) @Chars({'a', 'b', '-', '1'}) String> texts,
      @ForAll @IntRange(min = 0, max = 40) int split,
      @ForAll @IntRange(min = 4, max = 1000) int maxEntries) {
    ByteKeyTable<Integer> table = new ByteKeyTable<>(2, maxEntries);
    Map<Key, Integer> reference = new HashMap<>();
    for (int i = 0; i < texts.size(); i++) {
      String t = texts.get(i);
      int cut = Math.min(split, t.length());
      // "ab"+"c" and "a"+"bc" are different keys: where the parts split is part of the key
      int cut2 = Math.min(t.length(), cut + i % 3);
      Key key = new Key(t.substring(0, cut), t.substring(cut, cut2), t.substring(cut2));
      Integer found = lookup(table, key, null);
      if (found != null) {
        assertThat(found).isEqualTo(reference.get(key)); // never another key's value
      } else {
        lookup(table, key, i);
        reference.put(key, i);
        assertThat(lookup(table, key, null)).isEqualTo(i);
      }
    }
    // bounded: a table that reached its limit started over, so it never holds more
    assertThat(table.size()).isLessThanOrEqualTo(maxEntries);
  }

  @Property(tries = 50)
  void keepsEveryKeyWhileBelowItsLimit(@ForAll @IntRange(min = 1, max = 2000) int count) {
    ByteKeyTable<Integer> table = new ByteKeyTable<>(1, 1 << 16);
    for (int i = 0; i < count; i++) {
      lookup(table, new Key("ns-" + (i % 7), "pod-" + i), i);
    }
    for (int i = 0; i < count; i++) {
      assertThat(lookup(table, new Key("ns-" + (i % 7), "pod-" + i), null)).isEqualTo(i);
    }
    assertThat(table.size()).isEqualTo(count);
  }

  @Property(tries = 20)
  void doesNotKeepKeysLongerThanASlotHolds(@ForAll @IntRange(min = 58, max = 200) int length) {
    ByteKeyTable<Integer> table = new ByteKeyTable<>(4, 100);
    Key key = new Key("n".repeat(length / 2), "p".repeat(length - length / 2));

    assertThat(lookup(table, key, 7)).isEqualTo(7);
    assertThat(lookup(table, key, null)).isNull();
  }
}
