package dev.netseg.infer;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Something in a configuration value that looks like a network address: a host name or IP literal,
 * with the port and URL scheme when they were written.
 *
 * @param text the matched text, for evidence
 * @param host lowercased host name, or the IP literal (IPv6 without brackets)
 * @param strong true when the text is unmistakably an address (a URL, {@code host:port}, a {@code
 *     .svc} name, or a value of an address-like key such as {@code CART_ADDR}): such a reference
 *     that resolves to nothing is reported; a weak one (a dotted word like {@code cart.shop}) is
 *     used only if it names a Service of the input
 * @param portFrom the key the port was read from when the text itself has none ({@code FLAGD_PORT}
 *     for {@code FLAGD_HOST=flagd}); empty when the port is in the text or there is none
 */
public record AddressReference(
    String text,
    String host,
    OptionalInt port,
    Optional<String> scheme,
    boolean strong,
    Optional<String> portFrom) {
  public AddressReference {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(port, "port");
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(portFrom, "portFrom");
  }

  /** A reference whose text gives its port, or none. */
  public AddressReference(
      String text, String host, OptionalInt port, Optional<String> scheme, boolean strong) {
    this(text, host, port, scheme, strong, Optional.empty());
  }

  /** This reference with the port another key gives (it has none of its own). */
  public AddressReference withPort(int number, String key) {
    return new AddressReference(
        text, host, OptionalInt.of(number), scheme, strong, Optional.of(key));
  }

  /** The text for evidence, with the port and its key when the port came from another key. */
  public String describe() {
    return portFrom.isEmpty()
        ? text
        : text + " (port " + port.getAsInt() + " from " + portFrom.get() + ")";
  }

  /** True when the host is an IPv4 or IPv6 literal rather than a name. */
  public boolean isIpLiteral() {
    if (host.indexOf(':') >= 0) {
      return true;
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c != '.' && !Character.isDigit(c)) {
        return false;
      }
    }
    return true;
  }
}
