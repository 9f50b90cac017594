package dev.netseg.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable set of (protocol, destination port) pairs over TCP, UDP and SCTP, ports 1-65535.
 *
 * <p>Each protocol holds a canonical list of sorted, disjoint, non-adjacent port ranges, so equal
 * sets have equal representations and {@link #equals} is structural.
 *
 * <p>{@link #toString()} follows the connection format of {@code roxctl netpol connectivity map}
 * (which prints np-guard/netpol-analyzer's ConnectionSet): {@code All Connections} when every port
 * of every protocol is in the set, {@code No Connections} when it is empty, otherwise one {@code
 * PROTOCOL ports} entry per protocol that has ports, sorted by protocol name (so SCTP, TCP, UDP),
 * joined by commas, with ports as {@code 80} or {@code 1-79} joined by commas. Like roxctl, a
 * protocol with all of its ports is printed as {@code TCP 1-65535}, not as a bare {@code TCP}.
 */
public final class ConnectionSet {
  private static final int[] EMPTY = new int[0];
  private static final int[] FULL = {PortRange.MIN_PORT, PortRange.MAX_PORT};
  private static final Protocol[] PROTOCOLS = Protocol.values();
  private static final ConnectionSet NONE = new ConnectionSet(new int[][] {EMPTY, EMPTY, EMPTY});
  private static final ConnectionSet ALL = new ConnectionSet(new int[][] {FULL, FULL, FULL});

  /** Per protocol ordinal: flattened [from0, to0, from1, to1, ...], canonical. Never mutated. */
  private final int[][] ranges;

  private ConnectionSet(int[][] ranges) {
    this.ranges = ranges;
  }

  public static ConnectionSet all() {
    return ALL;
  }

  public static ConnectionSet none() {
    return NONE;
  }

  /** The ports {@code from..to} (inclusive) of one protocol. */
  public static ConnectionSet of(Protocol protocol, int from, int to) {
    if (from < PortRange.MIN_PORT || to > PortRange.MAX_PORT || from > to) {
      throw new IllegalArgumentException("invalid port range " + from + "-" + to);
    }
    int[][] r = {EMPTY, EMPTY, EMPTY};
    r[protocol.ordinal()] = new int[] {from, to};
    return new ConnectionSet(r);
  }

  /** Every port of one protocol. */
  public static ConnectionSet allPorts(Protocol protocol) {
    return of(protocol, PortRange.MIN_PORT, PortRange.MAX_PORT);
  }

  public ConnectionSet union(ConnectionSet other) {
    if (this == ALL || other == NONE) {
      return this;
    }
    if (other == ALL || this == NONE) {
      return other;
    }
    int[][] r = new int[3][];
    for (int p = 0; p < 3; p++) {
      r[p] = unionRanges(ranges[p], other.ranges[p]);
    }
    return canonical(r);
  }

  public ConnectionSet intersect(ConnectionSet other) {
    if (this == ALL || other == NONE) {
      return other;
    }
    if (other == ALL || this == NONE) {
      return this;
    }
    int[][] r = new int[3][];
    for (int p = 0; p < 3; p++) {
      r[p] = intersectRanges(ranges[p], other.ranges[p]);
    }
    return canonical(r);
  }

  public ConnectionSet minus(ConnectionSet other) {
    if (other == NONE || this == NONE) {
      return this;
    }
    int[][] r = new int[3][];
    for (int p = 0; p < 3; p++) {
      r[p] = intersectRanges(ranges[p], complement(other.ranges[p]));
    }
    return canonical(r);
  }

  public boolean contains(Protocol protocol, int port) {
    return contains(protocol.ordinal(), port);
  }

  /** {@link #contains(Protocol, int)} by protocol ordinal, for the engine's fast path. */
  boolean contains(int protocolOrdinal, int port) {
    int[] r = ranges[protocolOrdinal];
    for (int i = 0; i < r.length; i += 2) {
      if (port < r[i]) {
        return false;
      }
      if (port <= r[i + 1]) {
        return true;
      }
    }
    return false;
  }

  public boolean isAll() {
    for (int[] r : ranges) {
      if (!Arrays.equals(r, FULL)) {
        return false;
      }
    }
    return true;
  }

  public boolean isEmpty() {
    for (int[] r : ranges) {
      if (r.length != 0) {
        return false;
      }
    }
    return true;
  }

  /** Sorted, merged port ranges per protocol that has any, in the order TCP, UDP, SCTP. */
  public Map<Protocol, List<PortRange>> ranges() {
    Map<Protocol, List<PortRange>> out = new EnumMap<>(Protocol.class);
    for (Protocol p : PROTOCOLS) {
      int[] r = ranges[p.ordinal()];
      if (r.length == 0) {
        continue;
      }
      List<PortRange> list = new ArrayList<>(r.length / 2);
      for (int i = 0; i < r.length; i += 2) {
        list.add(new PortRange(r[i], r[i + 1]));
      }
      out.put(p, List.copyOf(list));
    }
    return Collections.unmodifiableMap(out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConnectionSet other && Arrays.deepEquals(ranges, other.ranges);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(ranges);
  }

  @Override
  public String toString() {
    if (isAll()) {
      return "All Connections";
    }
    if (isEmpty()) {
      return "No Connections";
    }
    List<String> parts = new ArrayList<>(3);
    for (Protocol p : PROTOCOLS) {
      int[] r = ranges[p.ordinal()];
      if (r.length == 0) {
        continue;
      }
      StringBuilder sb = new StringBuilder(p.name()).append(' ');
      for (int i = 0; i < r.length; i += 2) {
        if (i > 0) {
          sb.append(',');
        }
        sb.append(r[i]);
        if (r[i + 1] != r[i]) {
          sb.append('-').append(r[i + 1]);
        }
      }
      parts.add(sb.toString());
    }
    // roxctl sorts the per-protocol strings, which puts SCTP before TCP before UDP.
    Collections.sort(parts);
    return String.join(",", parts);
  }

  /** The canonical flattened [from, to, ...] ranges of one protocol; do not modify. */
  int[] ranges(int protocolOrdinal) {
    return ranges[protocolOrdinal];
  }

  /** Builds a set from flattened, possibly unsorted or overlapping ranges per protocol. */
  static ConnectionSet fromRanges(int[][] unsorted) {
    int[][] r = new int[3][];
    for (int p = 0; p < 3; p++) {
      r[p] = normalize(unsorted[p]);
    }
    return canonical(r);
  }

  /** Shares the singletons so that the identity shortcuts in union/intersect apply. */
  private static ConnectionSet canonical(int[][] r) {
    boolean empty = true;
    boolean full = true;
    for (int[] x : r) {
      empty &= x.length == 0;
      full &= Arrays.equals(x, FULL);
    }
    if (empty) {
      return NONE;
    }
    if (full) {
      return ALL;
    }
    return new ConnectionSet(r);
  }

  private static int[] normalize(int[] flat) {
    int n = flat.length / 2;
    if (n == 0) {
      return EMPTY;
    }
    long[] packed = new long[n];
    for (int i = 0; i < n; i++) {
      packed[i] = ((long) flat[2 * i] << 32) | flat[2 * i + 1];
    }
    Arrays.sort(packed);
    int[] out = new int[2 * n];
    int len = 0;
    for (long v : packed) {
      int from = (int) (v >>> 32);
      int to = (int) v;
      if (len > 0 && from <= out[len - 1] + 1) {
        out[len - 1] = Math.max(out[len - 1], to);
      } else {
        out[len++] = from;
        out[len++] = to;
      }
    }
    return len == out.length ? out : Arrays.copyOf(out, len);
  }

  private static int[] unionRanges(int[] a, int[] b) {
    if (a.length == 0) {
      return b;
    }
    if (b.length == 0) {
      return a;
    }
    int[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return normalize(all);
  }

  private static int[] intersectRanges(int[] a, int[] b) {
    if (a.length == 0 || b.length == 0) {
      return EMPTY;
    }
    int[] out = new int[a.length + b.length];
    int len = 0;
    int i = 0;
    int j = 0;
    while (i < a.length && j < b.length) {
      int from = Math.max(a[i], b[j]);
      int to = Math.min(a[i + 1], b[j + 1]);
      if (from <= to) {
        out[len++] = from;
        out[len++] = to;
      }
      if (a[i + 1] < b[j + 1]) {
        i += 2;
      } else {
        j += 2;
      }
    }
    return len == 0 ? EMPTY : Arrays.copyOf(out, len);
  }

  private static int[] complement(int[] a) {
    int[] out = new int[a.length + 2];
    int len = 0;
    int next = PortRange.MIN_PORT;
    for (int i = 0; i < a.length; i += 2) {
      if (a[i] > next) {
        out[len++] = next;
        out[len++] = a[i] - 1;
      }
      next = a[i + 1] + 1;
    }
    if (next <= PortRange.MAX_PORT) {
      out[len++] = next;
      out[len++] = PortRange.MAX_PORT;
    }
    return Arrays.copyOf(out, len);
  }
}
