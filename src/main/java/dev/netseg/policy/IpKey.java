package dev.netseg.policy;

import inet.ipaddr.IPAddress;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;
import java.math.BigInteger;

/**
 * A single IPv4 or IPv6 address as a comparable value: all IPv4 addresses sort before all IPv6
 * addresses. Used as a hash key and for range lookups without keeping library objects around.
 */
record IpKey(boolean v6, BigInteger value) implements Comparable<IpKey> {
  static final BigInteger V4_MAX = BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE);
  static final BigInteger V6_MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

  static IpKey of(IPAddress address) {
    return new IpKey(address.isIPv6(), address.getValue());
  }

  IpKey next() {
    return new IpKey(v6, value.add(BigInteger.ONE));
  }

  boolean isMax() {
    return value.equals(v6 ? V6_MAX : V4_MAX);
  }

  IPAddress toAddress() {
    return v6 ? new IPv6Address(value) : new IPv4Address(value.intValue());
  }

  @Override
  public int compareTo(IpKey o) {
    if (v6 != o.v6) {
      return v6 ? 1 : -1;
    }
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return toAddress().toCanonicalString();
  }
}
