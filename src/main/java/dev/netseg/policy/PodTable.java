package dev.netseg.policy;

import java.util.List;

/**
 * Pods by (namespace, name) in flat open-addressing arrays, each slot carrying the pod's hot
 * decision data, so that finding a pod also finds what a decision reads. A HashMap of PodRef
 * records would chase pointers and hash {@code 31*h(ns)+h(name)}, which collides heavily on names
 * such as {@code ns-001/app-3-2}.
 */
final class PodTable {
  /** Ints of hot data per slot, as {@link DecisionIndex#hot} lays them out. */
  static final int STRIDE = DecisionIndex.HOT;

  /** Slot i holds its namespace at 2i and its name at 2i+1. */
  private final String[] keys;

  /** Slot i's hot data at {@code i * STRIDE}; read directly by the engine. */
  final int[] hot;

  private final int[] pods;
  private final int mask;

  /**
   * @param hot per pod, {@link #STRIDE} ints of decision data
   */
  PodTable(List<Endpoint.PodRef> refs, int[][] hot) {
    // At most ~0.6 full: short probes, and a table small enough to stay in cache.
    int capacity = Integer.highestOneBit(Math.max(4, refs.size() * 5 / 3) - 1) << 1;
    keys = new String[2 * capacity];
    this.hot = new int[STRIDE * capacity];
    pods = new int[capacity];
    mask = capacity - 1;
    for (int pod = 0; pod < refs.size(); pod++) {
      Endpoint.PodRef r = refs.get(pod);
      int i = hash(r.namespace(), r.name());
      while (keys[2 * i] != null) {
        i = (i + 1) & mask;
      }
      keys[2 * i] = r.namespace();
      keys[2 * i + 1] = r.name();
      pods[i] = pod;
      System.arraycopy(hot[pod], 0, this.hot, i * STRIDE, STRIDE);
    }
  }

  /** The offset of the pod's hot data in {@link #hot}, or -1. */
  int find(String namespace, String name) {
    int i = hash(namespace, name);
    while (true) {
      String ns = keys[2 * i];
      if (ns == null) {
        return -1;
      }
      if (keys[2 * i + 1].equals(name) && ns.equals(namespace)) {
        return i * STRIDE;
      }
      i = (i + 1) & mask;
    }
  }

  /** The pod index of a {@link #find} result. */
  int pod(int offset) {
    return pods[offset / STRIDE];
  }

  private int hash(String namespace, String name) {
    int h = namespace.hashCode() * 0x9E3779B1 + name.hashCode();
    h *= 0x85EBCA6B;
    return (h ^ (h >>> 16)) & mask;
  }
}
