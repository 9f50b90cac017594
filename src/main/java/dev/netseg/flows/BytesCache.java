package dev.netseg.flows;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Maps short byte keys (one or two ranges of a line, such as a namespace and a pod name) to values
 * built once per key, so that ingestion turns the same few thousand names and addresses into the
 * same objects without building a string per line. Hashes eight bytes per step.
 *
 * <p>Two-way set-associative and bounded like {@link StringCache}: a key that finds both of its
 * slots taken evicts the older one, which costs a rebuild, never memory. Thread-safe without locks:
 * a value is returned only after its key's bytes are compared with the bytes asked for, so a racing
 * write costs a miss, never a wrong value.
 *
 * @param <V> the value type
 */
final class BytesCache<V> {
  /** Keys longer than this are not cached: the repeated ones are short. */
  static final int MAX_KEY_BYTES = 256;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** A key (both ranges one after the other, {@code split} bytes of the first) and its value. */
  private record Entry(byte[] key, int split, Object value) {}

  private final int[] hashes;
  private final Entry[] entries;

  /** A cache of {@code 2^bits} slots. */
  BytesCache(int bits) {
    if (bits < 2 || bits > 24) {
      throw new IllegalArgumentException("bits must be 2-24: " + bits);
    }
    hashes = new int[1 << bits];
    entries = new Entry[1 << bits];
  }

  /** The hash of the key made of {@code b[from1, to1)} and {@code b[from2, to2)}. */
  static int hash(byte[] b, int from1, int to1, int from2, int to2) {
    long h = mix(b, from1, to1, 0x9E3779B97F4A7C15L + (to1 - from1));
    h = mix(b, from2, to2, h);
    return (int) (h ^ (h >>> 29) ^ (h >>> 47));
  }

  private static long mix(byte[] b, int from, int to, long h) {
    int i = from;
    for (; i + Long.BYTES <= to; i += Long.BYTES) {
      h = (h ^ (long) LONGS.get(b, i)) * 0xBF58476D1CE4E5B9L;
      h ^= h >>> 31;
    }
    long tail = to - i;
    for (; i < to; i++) {
      tail = (tail << 8) | (b[i] & 0xFF);
    }
    h = (h ^ tail) * 0x94D049BB133111EBL;
    return h ^ (h >>> 32);
  }

  /** The value for the key with hash {@code h} (from {@link #hash}), or null if not cached. */
  @SuppressWarnings("unchecked")
  V get(int h, byte[] b, int from1, int to1, int from2, int to2) {
    int slot = h & (hashes.length - 2);
    if (hashes[slot] == h) {
      Entry e = entries[slot];
      if (e != null && matches(e, b, from1, to1, from2, to2)) {
        return (V) e.value;
      }
    }
    if (hashes[slot + 1] == h) {
      Entry e = entries[slot + 1];
      if (e != null && matches(e, b, from1, to1, from2, to2)) {
        return (V) e.value;
      }
    }
    return null;
  }

  /** Caches {@code value} for the key (unless it is too long); returns {@code value}. */
  V put(int h, byte[] b, int from1, int to1, int from2, int to2, V value) {
    int n1 = to1 - from1;
    int n2 = to2 - from2;
    if (n1 + n2 > MAX_KEY_BYTES) {
      return value;
    }
    byte[] key = new byte[n1 + n2];
    System.arraycopy(b, from1, key, 0, n1);
    System.arraycopy(b, from2, key, n1, n2);
    int slot = h & (hashes.length - 2);
    Entry old = entries[slot];
    if (old != null) {
      // the newest key goes first; the one it displaces keeps the second slot
      entries[slot + 1] = old;
      hashes[slot + 1] = hashes[slot];
    }
    entries[slot] = new Entry(key, n1, value);
    hashes[slot] = h;
    return value;
  }

  private static boolean matches(Entry e, byte[] b, int from1, int to1, int from2, int to2) {
    byte[] key = e.key;
    return e.split == to1 - from1
        && key.length - e.split == to2 - from2
        && Arrays.equals(key, 0, e.split, b, from1, to1)
        && Arrays.equals(key, e.split, key.length, b, from2, to2);
  }
}
