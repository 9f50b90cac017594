package dev.netseg.dataplane;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What kube-router v2.1.0 logs at {@code -v=2}, read as it grows: it says when it received each
 * change, and when a full sync starts and ends. A sync that starts after a change was received
 * reads it (the informer stores an object before it calls the handler that logs it, and each
 * handler asks for a full sync), so once such a sync has ended, the rules in the kernel reflect the
 * change. The messages are those of {@code pkg/controllers/netpol} at v2.1.0.
 */
final class KubeRouterLog {
  static final String SYNC_START = "Starting sync of iptables with version: ";
  static final String SYNC_END = "sync iptables took ";
  static final String SYNC_ABORTED = "Aborting sync";

  private final Path file;
  private final List<String> lines = new ArrayList<>();
  private long offset;
  private final StringBuilder partial = new StringBuilder();

  KubeRouterLog(Path file) {
    this.file = file;
  }

  /** The message kube-router logs when a NetworkPolicy is added or updated. */
  static String policyUpdated(String namespace, String name) {
    return "Received update for network policy: " + namespace + "/" + name;
  }

  static String policyDeleted(String namespace, String name) {
    return "Received network policy: " + namespace + "/" + name + " delete event";
  }

  /** Logged for a pod that became, or is, actionable (Running with an IP) and changed. */
  static String podUpdated(String namespace, String name) {
    return "Received update to pod: " + namespace + "/" + name;
  }

  static String podDeleted(String namespace, String name) {
    return "Received pod: " + namespace + "/" + name + " delete event";
  }

  /** Logged for a namespace added with labels, or whose labels changed. */
  static String namespaceUpdated(String name) {
    return "Received update for namespace: " + name;
  }

  static String namespaceDeleted(String name) {
    return "Received namespace: " + name + " delete event";
  }

  /** The number of lines read so far: a position to look for receipts after. */
  synchronized int mark() {
    read();
    return lines.size();
  }

  /**
   * Whether, after line {@code from}, every expected message was logged (as many times as it is
   * listed) and then a sync started and ended. A sync that kube-router aborted fails.
   */
  synchronized boolean synced(int from, List<String> expected) {
    read();
    Map<String, Integer> missing = new HashMap<>();
    expected.forEach(m -> missing.merge(m, 1, Integer::sum));
    int last = from - 1;
    for (int i = from; i < lines.size() && !missing.isEmpty(); i++) {
      String line = lines.get(i);
      for (Map.Entry<String, Integer> m : List.copyOf(missing.entrySet())) {
        if (line.endsWith(m.getKey())) {
          last = i;
          if (m.getValue() == 1) {
            missing.remove(m.getKey());
          } else {
            missing.put(m.getKey(), m.getValue() - 1);
          }
        }
      }
    }
    if (!missing.isEmpty()) {
      return false;
    }
    boolean started = false;
    for (int i = last + 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (!started) {
        started = line.contains(SYNC_START);
      } else if (line.contains(SYNC_ABORTED)) {
        throw new IllegalStateException("kube-router aborted a sync: " + line);
      } else if (line.contains(SYNC_END)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a sync has ended since line {@code from}. */
  synchronized boolean anySyncEnded(int from) {
    read();
    return lines.subList(Math.min(from, lines.size()), lines.size()).stream()
        .anyMatch(l -> l.contains(SYNC_END));
  }

  /** The first line after {@code from} that contains {@code text}. */
  synchronized Optional<String> find(int from, String text) {
    read();
    return lines.subList(Math.min(from, lines.size()), lines.size()).stream()
        .filter(l -> l.contains(text))
        .findFirst();
  }

  /** The last {@code n} lines, for failure messages. */
  synchronized String tail(int n) {
    read();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
  }

  private void read() {
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      if (length <= offset) {
        return;
      }
      byte[] bytes = new byte[(int) (length - offset)];
      in.seek(offset);
      in.readFully(bytes);
      offset = length;
      partial.append(new String(bytes, StandardCharsets.UTF_8));
      int newline;
      while ((newline = partial.indexOf("\n")) >= 0) {
        lines.add(partial.substring(0, newline));
        partial.delete(0, newline + 1);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read kube-router's log " + file, e);
    }
  }
}
