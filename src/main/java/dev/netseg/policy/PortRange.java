package dev.netseg.policy;

/** An inclusive range of ports, {@code from <= to}, both within 1-65535. */
public record PortRange(int from, int to) {
  public static final int MIN_PORT = 1;
  public static final int MAX_PORT = 65535;

  public PortRange {
    if (from < MIN_PORT || to > MAX_PORT || from > to) {
      throw new IllegalArgumentException("invalid port range " + from + "-" + to);
    }
  }

  /** {@code 80} for a single port, {@code 1-79} for a range. */
  @Override
  public String toString() {
    return from == to ? Integer.toString(from) : from + "-" + to;
  }
}
