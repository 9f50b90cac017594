package dev.netseg.policy;

import inet.ipaddr.IPAddressSeqRange;
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
  private final IpKey[] v4Starts;
  private final IpKey[] v6Starts;
  private final long[] v4StartValues;

  AddressSpace(Collection<IpRange> ranges) {
    TreeSet<IpKey> starts = new TreeSet<>();
    starts.add(IpKey.zero(false));
    starts.add(IpKey.zero(true));
    for (IpRange r : ranges) {
      starts.add(r.lower());
      if (!r.upper().isMax()) {
        starts.add(r.upper().next());
      }
    }
    v4Starts = starts.stream().filter(k -> !k.v6()).toArray(IpKey[]::new);
    v6Starts = starts.stream().filter(IpKey::v6).toArray(IpKey[]::new);
    v4StartValues = Arrays.stream(v4Starts).mapToLong(IpKey::lo).toArray();
  }

  int size() {
    return v4Starts.length + v6Starts.length;
  }

  /** The class of an IPv4 address given as an unsigned 32-bit value. */
  int classOfV4(long address) {
    int i = Arrays.binarySearch(v4StartValues, address);
    return i >= 0 ? i : -i - 2;
  }

  int classOf(IpKey ip) {
    IpKey[] starts = ip.v6() ? v6Starts : v4Starts;
    int i = Arrays.binarySearch(starts, ip);
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
    return c < v4Starts.length ? v4Starts[c] : v6Starts[c - v4Starts.length];
  }

  private IpKey upper(int c) {
    boolean v6 = c >= v4Starts.length;
    IpKey[] starts = v6 ? v6Starts : v4Starts;
    int i = v6 ? c - v4Starts.length : c;
    return i + 1 < starts.length ? starts[i + 1].previous() : IpKey.max(v6);
  }
}
