package dev.netseg.infer;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Host and port given in separate keys: {@code FLAGD_HOST} with {@code FLAGD_PORT}, {@code
 * QUEUE_HOSTNAME} or {@code QUEUE_ADDR} with {@code QUEUE_PORT}, {@code CART_SERVICE_HOST} with
 * {@code CART_SERVICE_PORT}, {@code redis.host} with {@code redis.port}, {@code redisHost} with
 * {@code redisPort}: the port key is the host key with its last word replaced by "port", in any
 * case.
 */
final class PortSiblings {
  private static final Set<String> HOST_WORDS =
      Set.of("host", "hostname", "addr", "address", "server");

  private PortSiblings() {}

  /**
   * The keys among {@code keys} that hold the ports of the host in {@code hostKey}: the port key
   * when there is one, else the keys of the same prefix that name a port of it each ({@code
   * OTEL_COLLECTOR_PORT_GRPC} and {@code OTEL_COLLECTOR_PORT_HTTP} beside {@code
   * OTEL_COLLECTOR_HOST}, {@code JAEGER_UI_PORT} beside {@code JAEGER_HOST}), sorted.
   */
  static List<String> portKeys(String hostKey, Collection<String> keys) {
    Optional<String> one = portKey(hostKey, keys);
    if (one.isPresent()) {
      return List.of(one.get());
    }
    if (hostKey == null) {
      return List.of();
    }
    int start = AddressReferences.lastWordStart(hostKey);
    if (start >= hostKey.length()
        || !HOST_WORDS.contains(hostKey.substring(start).toLowerCase(Locale.ROOT))) {
      return List.of();
    }
    String prefix = hostKey.substring(0, start).toLowerCase(Locale.ROOT);
    if (prefix.isEmpty()) {
      return List.of();
    }
    String wanted = prefix + "port";
    return keys.stream()
        .filter(
            k -> {
              String lower = k.toLowerCase(Locale.ROOT);
              if (k.equals(hostKey) || !lower.startsWith(prefix)) {
                return false;
              }
              boolean portThenWord =
                  lower.length() > wanted.length() + 1
                      && lower.startsWith(wanted)
                      && "_.-".indexOf(lower.charAt(wanted.length())) >= 0;
              int last = AddressReferences.lastWordStart(k);
              boolean wordThenPort = k.substring(last).equalsIgnoreCase("port");
              return portThenWord || wordThenPort;
            })
        .sorted()
        .toList();
  }

  /** The key among {@code keys} that holds the port of the host in {@code hostKey}. */
  static Optional<String> portKey(String hostKey, Collection<String> keys) {
    if (hostKey == null) {
      return Optional.empty();
    }
    int start = AddressReferences.lastWordStart(hostKey);
    if (start >= hostKey.length()
        || !HOST_WORDS.contains(hostKey.substring(start).toLowerCase(Locale.ROOT))) {
      return Optional.empty();
    }
    String wanted = (hostKey.substring(0, start) + "port").toLowerCase(Locale.ROOT);
    return keys.stream()
        .filter(k -> !k.equals(hostKey) && k.toLowerCase(Locale.ROOT).equals(wanted))
        .sorted()
        .findFirst();
  }

  /** A port number written as a value: digits only, 1-65535. */
  static OptionalInt number(String value) {
    if (value == null) {
      return OptionalInt.empty();
    }
    String v = value.strip();
    if (v.isEmpty() || v.length() > 5 || !v.chars().allMatch(Character::isDigit)) {
      return OptionalInt.empty();
    }
    int port = Integer.parseInt(v);
    return port >= 1 && port <= 65535 ? OptionalInt.of(port) : OptionalInt.empty();
  }
}
