package dev.netseg.policy;

import inet.ipaddr.IPAddress;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;
import java.nio.ByteBuffer;

/**
 * A single IPv4 or IPv6 address as a small comparable value (two longs, compared unsigned): all
 * IPv4 addresses sort before all IPv6 addresses. Cheap to build on the decision path, unlike the
 * library's BigInteger values.
 *
 * @param hi the upper 64 bits of an IPv6 address; 0 for IPv4
 * @param lo the lower 64 bits of an IPv6 address, or the IPv4 address
 */
record IpKey(boolean v6, long hi, long lo) implements Comparable<IpKey> {
  private static final long V4_MAX = 0xffff_ffffL;

  static IpKey of(IPAddress address) {
    if (address instanceof IPv4Address v4) {
      return new IpKey(false, 0, v4.longValue());
    }
    ByteBuffer bytes = ByteBuffer.wrap(address.getBytes());
    return new IpKey(true, bytes.getLong(), bytes.getLong());
  }

  static IpKey zero(boolean v6) {
    return new IpKey(v6, 0, 0);
  }

  static IpKey max(boolean v6) {
    return v6 ? new IpKey(true, -1L, -1L) : new IpKey(false, 0, V4_MAX);
  }

  boolean isMax() {
    return equals(max(v6));
  }

  /** The next address; must not be called on {@link #max}. */
  IpKey next() {
    return lo == -1L ? new IpKey(v6, hi + 1, 0) : new IpKey(v6, hi, lo + 1);
  }

  /** The previous address; must not be called on {@link #zero}. */
  IpKey previous() {
    return lo == 0 ? new IpKey(v6, hi - 1, -1L) : new IpKey(v6, hi, lo - 1);
  }

  IPAddress toAddress() {
    if (!v6) {
      return new IPv4Address((int) lo);
    }
    return new IPv6Address(ByteBuffer.allocate(16).putLong(hi).putLong(lo).array());
  }

  @Override
  public int compareTo(IpKey o) {
    if (v6 != o.v6) {
      return v6 ? 1 : -1;
    }
    int c = Long.compareUnsigned(hi, o.hi);
    return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
  }

  @Override
  public String toString() {
    return toAddress().toCanonicalString();
  }
}
