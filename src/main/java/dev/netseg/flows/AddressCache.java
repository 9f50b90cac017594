package dev.netseg.flows;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parses single IP addresses strictly (no prefixes, ranges, wildcards, zones or inet_aton forms)
 * and remembers the answers. Flows repeat the same few thousand pod addresses millions of times and
 * a parse costs far more than a map lookup, so this is what keeps ingestion fast. Bounded: when
 * full it starts over, which costs speed, never memory. Thread-safe.
 */
final class AddressCache {

  /** A valid address: its canonical text and the address as a one-address prefix block. */
  record Parsed(String canonical, IPAddress host) {}

  private static final IPAddressStringParameters STRICT =
      new IPAddressStringParameters.Builder()
          .allowEmpty(false)
          .allowAll(false)
          .allowPrefix(false)
          .allowMask(false)
          .allowSingleSegment(false)
          .allowWildcardedSeparator(false)
          .setRangeOptions(IPAddressStringParameters.RangeParameters.NO_RANGE)
          .getIPv4AddressParametersBuilder()
          .allow_inet_aton(false)
          .allowLeadingZeros(false)
          .getParentBuilder()
          .getIPv6AddressParametersBuilder()
          .allowZone(false)
          .getParentBuilder()
          .toParams();

  static final int DEFAULT_MAX_ENTRIES = 100_000;

  private final int maxEntries;
  private final ConcurrentHashMap<String, Parsed> cache = new ConcurrentHashMap<>();

  AddressCache() {
    this(DEFAULT_MAX_ENTRIES);
  }

  AddressCache(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  /** The parsed address, or null when {@code text} is not a single IPv4 or IPv6 address. */
  Parsed parse(String text) {
    Parsed hit = cache.get(text);
    if (hit != null) {
      return hit;
    }
    Parsed parsed = parseUncached(text);
    if (parsed != null) {
      if (cache.size() >= maxEntries) {
        cache.clear();
      }
      cache.put(text, parsed);
    }
    return parsed;
  }

  static Parsed parseUncached(String text) {
    if (text.isEmpty() || text.length() > 64) {
      return null;
    }
    IPAddress address = new IPAddressString(text, STRICT).getAddress();
    if (address == null || address.isMultiple()) {
      return null;
    }
    IPAddress bare = address.withoutPrefixLength();
    return new Parsed(bare.toCanonicalString(), bare.toPrefixBlock(bare.getBitCount()));
  }
}
