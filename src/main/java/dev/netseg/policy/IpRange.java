package dev.netseg.policy;

import inet.ipaddr.IPAddress;

/** An inclusive range of addresses of one family. */
record IpRange(IpKey lower, IpKey upper) {
  static IpRange of(IPAddress block) {
    return new IpRange(IpKey.of(block.getLower()), IpKey.of(block.getUpper()));
  }

  boolean contains(IpKey ip) {
    return ip.v6() == lower.v6() && lower.compareTo(ip) <= 0 && ip.compareTo(upper) <= 0;
  }

  /** True when {@code other} lies inside this range and is smaller. */
  boolean strictlyContains(IpRange other) {
    return contains(other.lower) && contains(other.upper) && !equals(other);
  }
}
