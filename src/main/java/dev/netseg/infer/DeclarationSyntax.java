package dev.netseg.infer;

import dev.netseg.infer.AllowEntry.PortRef;
import dev.netseg.infer.AllowEntry.Target;
import dev.netseg.policy.Protocol;
import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one syntax for declared flows ({@code netseg.dev/egress}, {@code netseg.dev/ingress}) and
 * explicit allow entries, documented in {@code docs/declarations.md}:
 *
 * <pre>
 * entry    = target [ ":" port ] [ "/" protocol ]     (the protocol only after a port)
 * target   = [ namespace "/" ] name | IPv4[/prefix] | "[" IPv6[/prefix] "]" | "kube-apiserver"
 * port     = 1-65535 | port-name (IANA_SVC_NAME)
 * protocol = TCP | UDP | SCTP (any case)
 * list     = entry { ("," | newline) entry }
 * </pre>
 *
 * <p>Parsing is purely syntactic; whether a name resolves is decided later against the input.
 */
public final class DeclarationSyntax {
  /** The reserved target name for the Kubernetes API server. */
  public static final String API_SERVER = "kube-apiserver";

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?");
  private static final Pattern DIGITS = Pattern.compile("[0-9]+");
  private static final Pattern IPV4_LIKE = Pattern.compile("[0-9./]+");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}(/\\d{1,2})?");
  private static final String EXPECTED =
      "expected [namespace/]name[:port][/protocol], CIDR[:port][/protocol],"
          + " [IPv6-CIDR][:port][/protocol] or kube-apiserver";

  private DeclarationSyntax() {}

  /**
   * Parses a comma- or newline-separated list; blank entries (a trailing comma) are skipped.
   *
   * @param context what carries the list, for messages, e.g. {@code Deployment shop/checkout:
   *     annotation netseg.dev/egress}
   * @throws DeclarationException naming the context, the entry number (1-based among the non-blank
   *     entries), the entry and the problem
   */
  public static List<AllowEntry> parseList(String value, String context) {
    List<AllowEntry> entries = new ArrayList<>();
    int number = 0;
    for (String raw : value.split("[,\\n]")) {
      String text = raw.trim();
      if (text.isEmpty()) {
        continue;
      }
      number++;
      try {
        entries.add(parse(text));
      } catch (DeclarationException e) {
        throw new DeclarationException(
            context + " entry " + number + " \"" + text + "\": " + e.getMessage());
      }
    }
    return List.copyOf(entries);
  }

  /**
   * Parses one entry.
   *
   * @throws DeclarationException with the problem only (callers add the context)
   */
  public static AllowEntry parse(String entry) {
    String text = entry.trim();
    if (text.isEmpty()) {
      throw new DeclarationException("empty entry; " + EXPECTED);
    }
    if (text.chars().anyMatch(Character::isWhitespace)) {
      throw new DeclarationException("contains a space; " + EXPECTED);
    }
    String head;
    String tail; // after the target: "" or ":port[/protocol]"
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        throw new DeclarationException("'[' without ']'; " + EXPECTED);
      }
      head = text.substring(0, close + 1);
      tail = text.substring(close + 1);
      if (!tail.isEmpty() && !tail.startsWith(":")) {
        throw new DeclarationException("expected ':port' after ']'");
      }
    } else {
      long colons = text.chars().filter(c -> c == ':').count();
      if (colons > 1) {
        if (parseIp(text).isPresent()) {
          throw new DeclarationException(
              "an IPv6 address is written in brackets, e.g. [fd00::/8]:5432");
        }
        throw new DeclarationException("more than one ':'; " + EXPECTED);
      }
      int colon = text.indexOf(':');
      head = colon < 0 ? text : text.substring(0, colon);
      tail = colon < 0 ? "" : text.substring(colon);
    }
    Target target = parseTarget(head);
    Optional<PortRef> port = Optional.empty();
    Optional<Protocol> protocol = Optional.empty();
    if (!tail.isEmpty()) {
      String portPart = tail.substring(1);
      int slash = portPart.indexOf('/');
      if (slash >= 0) {
        String proto = portPart.substring(slash + 1);
        protocol =
            Optional.of(
                Protocol.parse(proto)
                    .orElseThrow(
                        () ->
                            new DeclarationException(
                                "unknown protocol \"" + proto + "\" (TCP, UDP or SCTP)")));
        portPart = portPart.substring(0, slash);
      }
      port = Optional.of(parsePort(portPart));
    }
    if (target instanceof Target.ApiServer && port.isPresent()) {
      throw new DeclarationException(
          "kube-apiserver takes no port: its endpoint port is used (from the EndpointSlice of"
              + " default/kubernetes or the configured API server ports)");
    }
    return new AllowEntry(target, port, protocol, text);
  }

  private static Target parseTarget(String head) {
    if (head.isEmpty()) {
      throw new DeclarationException("no target before ':'; " + EXPECTED);
    }
    if (head.startsWith("[")) {
      String inner = head.substring(1, head.length() - 1);
      IPAddress ip =
          parseIp(inner)
              .filter(IPAddress::isIPv6)
              .orElseThrow(
                  () ->
                      new DeclarationException("\"" + inner + "\" is not an IPv6 address or CIDR"));
      return new Target.Cidr(block(ip, inner));
    }
    if (IPV4_LIKE.matcher(head).matches()) {
      IPAddress ip =
          (IPV4.matcher(head).matches() ? parseIp(head) : Optional.<IPAddress>empty())
              .filter(IPAddress::isIPv4)
              .orElseThrow(
                  () ->
                      new DeclarationException("\"" + head + "\" is not an IPv4 address or CIDR"));
      return new Target.Cidr(block(ip, head));
    }
    if (head.equals(API_SERVER)) {
      return new Target.ApiServer();
    }
    int slash = head.indexOf('/');
    if (slash >= 0) {
      String namespace = head.substring(0, slash);
      String name = head.substring(slash + 1);
      if (!DNS_LABEL.matcher(namespace).matches()) {
        throw new DeclarationException(
            "namespace \"" + namespace + "\" is not a valid namespace name (DNS-1123 label)");
      }
      checkName(name);
      return new Target.Named(Optional.of(namespace), name);
    }
    checkName(head);
    return new Target.Named(Optional.empty(), head);
  }

  private static void checkName(String name) {
    if (name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
      throw new DeclarationException(
          "\""
              + name
              + "\" is not a valid Service or workload name (lowercase letters, digits, '-'"
              + " and '.')");
    }
  }

  private static PortRef parsePort(String port) {
    if (port.isEmpty()) {
      throw new DeclarationException("empty port after ':'");
    }
    if (DIGITS.matcher(port).matches()) {
      int value = port.length() > 5 ? -1 : Integer.parseInt(port);
      if (value < 1 || value > 65535) {
        throw new DeclarationException("port " + port + " is out of range 1-65535");
      }
      return new PortRef.Number(value);
    }
    if (port.contains("-") && port.chars().allMatch(c -> c == '-' || Character.isDigit(c))) {
      throw new DeclarationException("port ranges are not supported: list the ports one by one");
    }
    if (!PORT_NAME.matcher(port).matches()
        || port.contains("--")
        || port.chars().noneMatch(Character::isLetter)) {
      throw new DeclarationException(
          "port \""
              + port
              + "\" is neither a number 1-65535 nor a port name (up to 15 lowercase letters,"
              + " digits and '-')");
    }
    return new PortRef.Name(port);
  }

  private static Optional<IPAddress> parseIp(String text) {
    try {
      return Optional.ofNullable(new IPAddressString(text).toAddress());
    } catch (AddressStringException e) {
      return Optional.empty();
    }
  }

  private static IPAddress block(IPAddress ip, String text) {
    if (ip.getNetworkPrefixLength() == null) {
      return ip.toPrefixBlock(ip.getBitCount());
    }
    if (!ip.isPrefixBlock()) {
      throw new DeclarationException(
          text
              + " has host bits set; did you mean "
              + ip.toPrefixBlock().toCanonicalString()
              + "?");
    }
    return ip;
  }
}
