package dev.netseg.connectivity;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressSeqRange;
import inet.ipaddr.IPAddressString;
import java.util.Optional;

/**
 * How connectivity reports write a range of outside addresses, the way {@code roxctl netpol
 * connectivity map} does: {@code first-last[External]} ({@code 10.0.0.0-10.0.0.255[External]}).
 * {@code connectivity} and {@code diff} both write and read it through here, so that a line of one
 * can be found in the other.
 */
public final class ExternalEnd {
  private static final String SUFFIX = "[External]";

  private ExternalEnd() {}

  /** {@code first-last[External]}, both addresses in canonical form without a prefix length. */
  public static String format(IPAddressSeqRange range) {
    return range.getLower().withoutPrefixLength().toCanonicalString()
        + "-"
        + range.getUpper().withoutPrefixLength().toCanonicalString()
        + SUFFIX;
  }

  /**
   * The range of an end written by {@link #format} (a single address is also read); empty for a
   * workload's end.
   *
   * @throws IllegalArgumentException for an {@code [External]} end that is not a range
   */
  public static Optional<IPAddressSeqRange> parse(String end) {
    if (!end.endsWith(SUFFIX)) {
      return Optional.empty();
    }
    String[] bounds = end.substring(0, end.length() - SUFFIX.length()).split("-", 2);
    IPAddress lower = new IPAddressString(bounds[0]).getAddress();
    IPAddress upper = bounds.length == 2 ? new IPAddressString(bounds[1]).getAddress() : lower;
    if (lower == null || upper == null || lower.isIPv4() != upper.isIPv4()) {
      throw new IllegalArgumentException("not an external range: " + end);
    }
    return Optional.of(lower.spanWithRange(upper));
  }
}
