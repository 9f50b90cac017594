package dev.netseg.policy;

import java.util.Arrays;

/** IPv4 address (as an unsigned int in a long) to pod index, in flat open-addressing arrays. */
final class Ipv4PodTable {
  private static final long EMPTY = -1L;

  private final long[] keys;
  private final int[] values;
  private final int mask;

  /**
   * @param entries pairs {address, pod}; for a repeated address the first pod wins
   */
  Ipv4PodTable(long[][] entries) {
    int capacity = Integer.highestOneBit(Math.max(4, entries.length * 2) - 1) << 1;
    keys = new long[capacity];
    values = new int[capacity];
    mask = capacity - 1;
    Arrays.fill(keys, EMPTY);
    for (long[] e : entries) {
      int i = slot(e[0]);
      while (keys[i] != EMPTY && keys[i] != e[0]) {
        i = (i + 1) & mask;
      }
      if (keys[i] == EMPTY) {
        keys[i] = e[0];
        values[i] = (int) e[1];
      }
    }
  }

  /** The pod with this IP, or -1. */
  int get(long address) {
    int i = slot(address);
    while (true) {
      long k = keys[i];
      if (k == address) {
        return values[i];
      }
      if (k == EMPTY) {
        return -1;
      }
      i = (i + 1) & mask;
    }
  }

  private int slot(long address) {
    long h = address * 0x9E3779B97F4A7C15L;
    return (int) (h >>> 40) & mask;
  }
}
