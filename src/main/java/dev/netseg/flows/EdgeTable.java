package dev.netseg.flows;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The edges of an {@link EdgeStore} by small integer keys: source and destination peer ids, and
 * verdict, protocol and port packed in an int. Open addressing with linear probing over one {@code
 * long[]} holding each slot's key and its edge's index side by side, so that finding an edge costs
 * one cache miss and updating it one more (its {@link Tally}); a map of key objects cost several,
 * and hashing peers' names, per record.
 *
 * <p>Not thread-safe: the store guards it.
 */
final class EdgeTable {
  /** An edge's key and aggregate. Mutable: only the store's lock holder touches it. */
  static final class Tally {
    final int source;
    final int destination;
    final int rest;
    // Times as numbers: comparing them costs no load of an Instant per record.
    long firstSecond;
    int firstNano;
    long lastSecond;
    int lastNano;
    long count;
    List<String> sourceNames;
    List<String> destinationNames;

    Tally(int source, int destination, int rest) {
      this.source = source;
      this.destination = destination;
      this.rest = rest;
    }

    Instant first() {
      return Instant.ofEpochSecond(firstSecond, firstNano);
    }

    Instant last() {
      return Instant.ofEpochSecond(lastSecond, lastNano);
    }

    /** Widens first and last seen to take in {@code [first, last]}. */
    void widen(Instant first, Instant last) {
      long s = first.getEpochSecond();
      int n = first.getNano();
      if (count == 0 || s < firstSecond || (s == firstSecond && n < firstNano)) {
        firstSecond = s;
        firstNano = n;
      }
      s = last.getEpochSecond();
      n = last.getNano();
      if (count == 0 || s > lastSecond || (s == lastSecond && n > lastNano)) {
        lastSecond = s;
        lastNano = n;
      }
    }

    boolean lastBefore(Instant cutoff) {
      return lastSecond < cutoff.getEpochSecond()
          || (lastSecond == cutoff.getEpochSecond() && lastNano < cutoff.getNano());
    }
  }

  // slot i: slots[2i] = source << 32 | destination; slots[2i+1] = rest << 32 | (edge index + 1)
  private long[] slots = new long[2 * 64];
  private Tally[] tallies = new Tally[32];
  private int size;

  /** Verdict, protocol and port in one int. */
  static int rest(int verdict, int protocol, int port) {
    return (verdict << 24) | (protocol << 16) | port;
  }

  static int verdictOf(int rest) {
    return rest >>> 24;
  }

  static int protocolOf(int rest) {
    return (rest >>> 16) & 0xFF;
  }

  static int portOf(int rest) {
    return rest & 0xFFFF;
  }

  /** The edge with this key, made (empty, count 0) if there is none yet. */
  Tally get(int source, int destination, int rest) {
    long peers = ((long) source << 32) | (destination & 0xFFFFFFFFL);
    int mask = slots.length / 2 - 1;
    int i = hash(peers, rest) & mask;
    while (true) {
      long tagged = slots[2 * i + 1];
      if (tagged == 0) {
        break;
      }
      if (slots[2 * i] == peers && (int) (tagged >>> 32) == rest) {
        return tallies[(int) tagged - 1];
      }
      i = (i + 1) & mask;
    }
    if (size == tallies.length) {
      tallies = Arrays.copyOf(tallies, size * 2);
    }
    Tally t = new Tally(source, destination, rest);
    tallies[size++] = t;
    slots[2 * i] = peers;
    slots[2 * i + 1] = ((long) rest << 32) | size;
    if (size * 2 > slots.length / 2) {
      rehash(slots.length * 2);
    }
    return t;
  }

  private static int hash(long peers, int rest) {
    long h = (peers ^ ((long) rest * 0x9E3779B97F4A7C15L)) * 0xBF58476D1CE4E5B9L;
    return (int) (h ^ (h >>> 32));
  }

  private void rehash(int length) {
    slots = new long[length];
    int mask = length / 2 - 1;
    for (int e = 0; e < size; e++) {
      Tally t = tallies[e];
      long peers = ((long) t.source << 32) | (t.destination & 0xFFFFFFFFL);
      int i = hash(peers, t.rest) & mask;
      while (slots[2 * i + 1] != 0) {
        i = (i + 1) & mask;
      }
      slots[2 * i] = peers;
      slots[2 * i + 1] = ((long) t.rest << 32) | (e + 1);
    }
  }

  int size() {
    return size;
  }

  /** The edges, in the order they were made; valid until the next change. */
  Tally[] tallies() {
    return Arrays.copyOf(tallies, size);
  }
}
