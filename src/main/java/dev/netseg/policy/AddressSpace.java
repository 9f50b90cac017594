package dev.netseg.policy;

import inet.ipaddr.IPAddressSeqRange;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The IPv4 and IPv6 spaces cut at every boundary of every ipBlock cidr and except. Each piece (an
 * "address class", numbered IPv4 first) lies wholly inside or wholly outside each cidr and each
 * except, so one lookup tells every ipBlock's verdict for an address. Adjacent pieces always differ
 * for the range whose boundary separates them, so the pieces are maximal.
 */
final class AddressSpace {
  private final BigInteger[] v4Starts;
  private final BigInteger[] v6Starts;

  AddressSpace(Collection<IpRange> ranges) {
    TreeSet<BigInteger> v4 = new TreeSet<>();
    TreeSet<BigInteger> v6 = new TreeSet<>();
    v4.add(BigInteger.ZERO);
    v6.add(BigInteger.ZERO);
    for (IpRange r : ranges) {
      TreeSet<BigInteger> starts = r.lower().v6() ? v6 : v4;
      starts.add(r.lower().value());
      if (!r.upper().isMax()) {
        starts.add(r.upper().value().add(BigInteger.ONE));
      }
    }
    v4Starts = v4.toArray(new BigInteger[0]);
    v6Starts = v6.toArray(new BigInteger[0]);
  }

  int size() {
    return v4Starts.length + v6Starts.length;
  }

  int classOf(IpKey ip) {
    BigInteger[] starts = ip.v6() ? v6Starts : v4Starts;
    int i = Arrays.binarySearch(starts, ip.value());
    int idx = i >= 0 ? i : -i - 2;
    return ip.v6() ? v4Starts.length + idx : idx;
  }

  /** The classes inside {@code cidr} and outside every range of {@code except}. */
  BitSet classesOf(IpRange cidr, List<IpRange> except) {
    BitSet out = new BitSet(size());
    for (int c = 0; c < size(); c++) {
      IpKey lower = lower(c);
      if (cidr.contains(lower) && except.stream().noneMatch(e -> e.contains(lower))) {
        out.set(c);
      }
    }
    return out;
  }

  List<IPAddressSeqRange> ranges() {
    List<IPAddressSeqRange> out = new ArrayList<>(size());
    for (int c = 0; c < size(); c++) {
      out.add(lower(c).toAddress().spanWithRange(upper(c).toAddress()));
    }
    return List.copyOf(out);
  }

  private IpKey lower(int c) {
    return c < v4Starts.length
        ? new IpKey(false, v4Starts[c])
        : new IpKey(true, v6Starts[c - v4Starts.length]);
  }

  private IpKey upper(int c) {
    boolean v6 = c >= v4Starts.length;
    BigInteger[] starts = v6 ? v6Starts : v4Starts;
    int i = v6 ? c - v4Starts.length : c;
    BigInteger up =
        i + 1 < starts.length
            ? starts[i + 1].subtract(BigInteger.ONE)
            : (v6 ? IpKey.V6_MAX : IpKey.V4_MAX);
    return new IpKey(v6, up);
  }
}
