package dev.netseg.flows;

import java.nio.charset.StandardCharsets;

/**
 * Gives the same {@link String} for the same short ASCII bytes: flows repeat a few thousand
 * namespaces, pod names, addresses and verdicts millions of times, and a lookup here costs less
 * than building the string again (and later map lookups hit the cached hash of one instance).
 *
 * <p>Two-way set-associative and bounded: a string that finds both of its slots taken replaces the
 * older one, which costs a rebuild, never memory. Thread-safe without locks: a cached string is
 * returned only after its characters are compared with the bytes, so a racing write can cost a
 * miss, never a wrong string.
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
    if (bits < 2 || bits > 24) {
      throw new IllegalArgumentException("bits must be 2-24: " + bits);
    }
    hashes = new int[1 << bits];
    texts = new String[1 << bits];
  }

  StringCache() {
    this(16);
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
    // Two slots per string (a pair next to each other): two strings that share a slot do not
    // evict each other on every line.
    int slot = (h ^ (h >>> 15)) & (hashes.length - 2);
    String text = texts[slot];
    if (hashes[slot] == h && text != null && sameText(text, b, from, len)) {
      return text;
    }
    String other = texts[slot + 1];
    if (hashes[slot + 1] == h && other != null && sameText(other, b, from, len)) {
      return other;
    }
    if (text != null) {
      // the newest string goes first; the one it displaces keeps the second slot
      texts[slot + 1] = text;
      hashes[slot + 1] = hashes[slot];
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
