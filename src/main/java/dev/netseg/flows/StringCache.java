package dev.netseg.flows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Gives the same {@link String} for the same short ASCII bytes: flows repeat a few thousand
 * namespaces, pod names, addresses and verdicts millions of times, and a lookup here costs less
 * than building the string again (and later map lookups hit the cached hash of one instance).
 *
 * <p>Direct-mapped and bounded: a slot holds one entry and a colliding string replaces it, which
 * costs a rebuild, never memory. Thread-safe without locks: entries are immutable, so a racing
 * reader sees either the old entry or the new one, both correct.
 */
final class StringCache {
  /** Longer strings are built each time: they are rarely the repeated ones. */
  static final int MAX_BYTES = 64;

  private record Entry(byte[] bytes, String text) {}

  private final Entry[] slots;

  /** A cache of {@code 2^bits} slots. */
  StringCache(int bits) {
    if (bits < 1 || bits > 24) {
      throw new IllegalArgumentException("bits must be 1-24: " + bits);
    }
    slots = new Entry[1 << bits];
  }

  StringCache() {
    this(15);
  }

  /** The string of {@code b[from, to)}, which must be ASCII. */
  String ascii(byte[] b, int from, int to) {
    int len = to - from;
    if (len > MAX_BYTES) {
      return new String(b, from, len, StandardCharsets.ISO_8859_1);
    }
    int h = len;
    for (int i = from; i < to; i++) {
      h = 31 * h + b[i];
    }
    int slot = (h ^ (h >>> 15)) & (slots.length - 1);
    Entry e = slots[slot];
    if (e != null && Arrays.equals(e.bytes, 0, e.bytes.length, b, from, to)) {
      return e.text;
    }
    byte[] key = Arrays.copyOfRange(b, from, to);
    String text = new String(key, StandardCharsets.ISO_8859_1);
    slots[slot] = new Entry(key, text);
    return text;
  }
}
