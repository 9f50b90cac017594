package dev.netseg.flows;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Maps short byte keys (up to three ranges of a line, such as a namespace, a pod name and an
 * address) to values made once per key, so that ingestion turns the same few thousand names and
 * addresses into the same objects without building a string per line.
 *
 * <p>Laid out for a machine whose caches the input stream keeps flushing: each slot is one 64-byte
 * line holding the key's hash, its lengths and its bytes, so a lookup costs one miss to find and
 * check the key and one to fetch the value (a table of entry objects cost four or five). Open
 * addressing with linear probing; grows up to {@code maxEntries}, then starts over, which costs
 * speed, never memory. Keys longer than {@link #MAX_KEY_BYTES} are not kept.
 *
 * <p>Not thread-safe: one belongs to one reader on one thread.
 *
 * @param <V> the value type
 */
final class ByteKeyTable<V> {
  private static final int SLOT = 64;

  /** Where a slot's key starts: after its hash (4 bytes) and the three lengths (3). */
  private static final int KEY = 7;

  /** The longest key kept. */
  static final int MAX_KEY_BYTES = SLOT - KEY;

  private static final VarHandle INTS =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final int maxEntries;
  private byte[] slots;
  private Object[] values;
  private int size;

  ByteKeyTable(int initialCapacity, int maxEntries) {
    if (Integer.bitCount(initialCapacity) != 1 || maxEntries < 1) {
      throw new IllegalArgumentException(
          "capacity must be a power of two, max positive: " + initialCapacity + ", " + maxEntries);
    }
    this.maxEntries = maxEntries;
    allocate(initialCapacity);
  }

  private void allocate(int capacity) {
    slots = new byte[capacity * SLOT];
    values = new Object[capacity];
    size = 0;
  }

  /**
   * The hash of the key made of {@code b[from1, to1)}, {@code b[from2, to2)}, {@code b[from3,
   * to3)}; never 0. It reads each part's lengths and at most its first and last eight bytes: the
   * names and addresses of one cluster differ there (a pod's random suffix, an address's last
   * digits), and {@link #get} compares whole keys anyway, so the middle bytes would cost time on
   * every line and buy nothing but shorter probes for contrived keys.
   */
  static int hash(byte[] b, int from1, int to1, int from2, int to2, int from3, int to3) {
    long h =
        0x9E3779B97F4A7C15L
            ^ ((to1 - from1) | ((long) (to2 - from2) << 16) | ((long) (to3 - from3) << 32));
    h = mix(b, from1, to1, h);
    h = mix(b, from2, to2, h);
    h = mix(b, from3, to3, h);
    int folded = (int) (h ^ (h >>> 29) ^ (h >>> 47));
    return folded == 0 ? 1 : folded; // 0 marks an empty slot
  }

  /** The first and last eight bytes (fewer if the part is shorter) mixed into {@code h}. */
  private static long mix(byte[] b, int from, int to, long h) {
    int n = to - from;
    long head;
    long tail;
    if (n >= Long.BYTES) {
      head = (long) LONGS.get(b, from);
      tail = (long) LONGS.get(b, to - Long.BYTES);
    } else {
      head = 0;
      if (n == 0) {
        tail = 0;
      } else if (to >= Long.BYTES) {
        // the last n bytes at once: the word ending at `to`, less the bytes before them
        tail = (long) LONGS.get(b, to - Long.BYTES) >>> (Long.SIZE - 8 * n);
      } else {
        tail = 0;
        for (int i = from; i < to; i++) {
          tail = (tail << 8) | (b[i] & 0xFF);
        }
      }
    }
    h = (h ^ head) * 0xBF58476D1CE4E5B9L;
    h = (h ^ (h >>> 31) ^ tail) * 0x94D049BB133111EBL;
    return h ^ (h >>> 32);
  }

  /** The value for the key with hash {@code h} (from {@link #hash}), or null if not kept. */
  @SuppressWarnings("unchecked")
  V get(int h, byte[] b, int from1, int to1, int from2, int to2, int from3, int to3) {
    int mask = values.length - 1;
    for (int i = h & mask; ; i = (i + 1) & mask) {
      int base = i * SLOT;
      int stored = (int) INTS.get(slots, base);
      if (stored == 0) {
        return null;
      }
      if (stored == h && matches(base, b, from1, to1, from2, to2, from3, to3)) {
        return (V) values[i];
      }
    }
  }

  /** Keeps {@code value} for the key (unless it is too long); returns {@code value}. */
  V put(int h, byte[] b, int from1, int to1, int from2, int to2, int from3, int to3, V value) {
    int n1 = to1 - from1;
    int n2 = to2 - from2;
    int n3 = to3 - from3;
    if (n1 + n2 + n3 > MAX_KEY_BYTES) {
      return value;
    }
    if (size >= maxEntries) {
      allocate(values.length); // start over: bounded memory
    }
    if ((size + 1) * 2 > values.length) {
      grow(); // at most half full, so probes stay short and always reach an empty slot
    }
    int mask = values.length - 1;
    int i = h & mask;
    while ((int) INTS.get(slots, i * SLOT) != 0) {
      i = (i + 1) & mask;
    }
    int base = i * SLOT;
    INTS.set(slots, base, h);
    slots[base + 4] = (byte) n1;
    slots[base + 5] = (byte) n2;
    slots[base + 6] = (byte) n3;
    System.arraycopy(b, from1, slots, base + KEY, n1);
    System.arraycopy(b, from2, slots, base + KEY + n1, n2);
    System.arraycopy(b, from3, slots, base + KEY + n1 + n2, n3);
    values[i] = value;
    size++;
    return value;
  }

  private void grow() {
    byte[] oldSlots = slots;
    Object[] oldValues = values;
    slots = new byte[oldSlots.length * 2];
    values = new Object[oldValues.length * 2];
    int mask = values.length - 1;
    for (int j = 0; j < oldValues.length; j++) {
      int h = (int) INTS.get(oldSlots, j * SLOT);
      if (h != 0) {
        int i = h & mask;
        while ((int) INTS.get(slots, i * SLOT) != 0) {
          i = (i + 1) & mask;
        }
        System.arraycopy(oldSlots, j * SLOT, slots, i * SLOT, SLOT);
        values[i] = oldValues[j];
      }
    }
  }

  private boolean matches(
      int base, byte[] b, int from1, int to1, int from2, int to2, int from3, int to3) {
    int n1 = slots[base + 4];
    int n2 = slots[base + 5];
    int n3 = slots[base + 6];
    int k = base + KEY;
    return n1 == to1 - from1
        && n2 == to2 - from2
        && n3 == to3 - from3
        && Arrays.equals(slots, k, k + n1, b, from1, to1)
        && Arrays.equals(slots, k + n1, k + n1 + n2, b, from2, to2)
        && Arrays.equals(slots, k + n1 + n2, k + n1 + n2 + n3, b, from3, to3);
  }

  /** The number of keys kept. */
  int size() {
    return size;
  }
}
