package dev.netseg.policy;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import java.util.Optional;

/**
 * Strict parsing of the address strings found in Kubernetes objects: dotted-quad IPv4 (no inet_aton
 * forms, no leading zeros) and IPv6 without zones, as the API server accepts them.
 */
final class Cidrs {
  private static final IPAddressStringParameters STRICT = strict();

  private Cidrs() {}

  private static IPAddressStringParameters strict() {
    IPAddressStringParameters.Builder b =
        new IPAddressStringParameters.Builder()
            .allowEmpty(false)
            .allowAll(false)
            .allowSingleSegment(false)
            .allowPrefixOnly(false)
            .allowMask(false)
            .allowWildcardedSeparator(false)
            .setRangeOptions(RangeParameters.NO_RANGE)
            .allow_inet_aton(false);
    b.getIPv4AddressParametersBuilder().allowLeadingZeros(false).allowBinary(false);
    b.getIPv6AddressParametersBuilder().allowBinary(false).allowZone(false);
    return b.toParams();
  }

  /** A CIDR such as {@code 10.0.0.0/8} or {@code fd00::/64}, as its prefix block. */
  static Optional<IPAddress> parseCidr(String text) {
    return parse(text)
        .filter(a -> a.getNetworkPrefixLength() != null)
        .map(IPAddress::toPrefixBlock);
  }

  /** A single address without prefix, such as {@code 10.0.0.1} or {@code fd00::1}. */
  static Optional<IPAddress> parseAddress(String text) {
    return parse(text).filter(a -> a.getNetworkPrefixLength() == null);
  }

  private static Optional<IPAddress> parse(String text) {
    if (text == null || text.isEmpty() || !text.strip().equals(text)) {
      return Optional.empty();
    }
    try {
      return Optional.of(new IPAddressString(text, STRICT).toAddress());
    } catch (AddressStringException e) {
      return Optional.empty();
    }
  }
}
