package dev.netseg.policy;

import java.util.List;

/**
 * Pod index by (namespace, name) in flat open-addressing arrays: a decision looks up two pods, and
 * a HashMap of PodRef records both chases pointers and hashes {@code 31*h(ns)+h(name)}, which
 * collides heavily on names such as {@code ns-001/app-3-2}.
 */
final class PodTable {
  /** Slot i holds its namespace at 2i and its name at 2i+1, so one cache line has both. */
  private final String[] keys;

  private final int[] values;
  private final int mask;

  PodTable(List<Endpoint.PodRef> refs) {
    int capacity = Integer.highestOneBit(Math.max(4, refs.size() * 2) - 1) << 1;
    keys = new String[2 * capacity];
    values = new int[capacity];
    mask = capacity - 1;
    for (int v = 0; v < refs.size(); v++) {
      Endpoint.PodRef r = refs.get(v);
      int i = slot(r.namespace(), r.name());
      while (keys[2 * i] != null) {
        i = (i + 1) & mask;
      }
      keys[2 * i] = r.namespace();
      keys[2 * i + 1] = r.name();
      values[i] = v;
    }
  }

  /** The pod's index, or -1. */
  int get(String namespace, String name) {
    int i = slot(namespace, name);
    while (true) {
      String ns = keys[2 * i];
      if (ns == null) {
        return -1;
      }
      if (keys[2 * i + 1].equals(name) && ns.equals(namespace)) {
        return values[i];
      }
      i = (i + 1) & mask;
    }
  }

  private int slot(String namespace, String name) {
    int h = namespace.hashCode() * 0x9E3779B1 + name.hashCode();
    h *= 0x85EBCA6B;
    return (h ^ (h >>> 16)) & mask;
  }
}
