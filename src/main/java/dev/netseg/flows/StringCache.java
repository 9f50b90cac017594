package dev.netseg.flows;

import java.nio.charset.StandardCharsets;

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

  // Parallel arrays rather than entry objects: a miss is decided on the dense hash array alone,
  // without following a pointer into the heap (that pointer chase was most of a lookup's cost).
  private final int[] hashes;
  private final String[] texts;

  /** A cache of {@code 2^bits} slots. */
  StringCache(int bits) {
    if (bits < 1 || bits > 24) {
      throw new IllegalArgumentException("bits must be 1-24: " + bits);
    }
    hashes = new int[1 << bits];
    texts = new String[1 << bits];
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
    int slot = (h ^ (h >>> 15)) & (hashes.length - 1);
    String text = texts[slot];
    if (hashes[slot] == h && text != null && sameText(text, b, from, len)) {
      return text;
    }
    text = new String(b, from, len, StandardCharsets.ISO_8859_1);
    // Two plain writes may race with another thread's: a reader then sees a hash that does not
    // belong to the text, and sameText refuses it. Strings are immutable, so never a torn text.
    texts[slot] = text;
    hashes[slot] = h;
    return text;
  }

  private static boolean sameText(String text, byte[] b, int from, int len) {
    if (text.length() != len) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (text.charAt(i) != b[from + i]) {
        return false;
      }
    }
    return true;
  }
}
