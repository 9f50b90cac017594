package dev.netseg.flows;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What one source delivered: records accepted, blank lines, and by reason the lines skipped, the
 * lines rejected and the accepted records that resolved to no workload in scope. A value: take a
 * new one from {@link IngestCounter#snapshot()} to see later counts.
 */
public record IngestStats(
    long accepted,
    long blankLines,
    Map<SkipReason, ReasonCount> skipped,
    Map<RejectReason, ReasonCount> rejected,
    Map<UnresolvedReason, ReasonCount> unresolved) {

  public IngestStats {
    skipped = Collections.unmodifiableMap(copy(SkipReason.class, skipped));
    rejected = Collections.unmodifiableMap(copy(RejectReason.class, rejected));
    unresolved = Collections.unmodifiableMap(copy(UnresolvedReason.class, unresolved));
  }

  public long skippedTotal() {
    return total(skipped);
  }

  public long rejectedTotal() {
    return total(rejected);
  }

  public long unresolvedTotal() {
    return total(unresolved);
  }

  /** Lines (or flows) seen: accepted, skipped, rejected or blank. */
  public long total() {
    return accepted + blankLines + skippedTotal() + rejectedTotal();
  }

  /** How often {@code reason} occurred (0 if never). */
  public long count(FlowReason reason) {
    ReasonCount c;
    if (reason instanceof SkipReason s) {
      c = skipped.get(s);
    } else if (reason instanceof RejectReason r) {
      c = rejected.get(r);
    } else {
      c = unresolved.get((UnresolvedReason) reason);
    }
    return c == null ? 0 : c.count();
  }

  private static long total(Map<?, ReasonCount> counts) {
    return counts.values().stream().mapToLong(ReasonCount::count).sum();
  }

  private static <K extends Enum<K>> EnumMap<K, ReasonCount> copy(
      Class<K> type, Map<K, ReasonCount> from) {
    EnumMap<K, ReasonCount> map = new EnumMap<>(type);
    map.putAll(from);
    return map;
  }
}
