package dev.netseg.infer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds address references in configuration values (env var values, container args, ConfigMap
 * values): URLs ({@code http://svc.ns:8080/path}, {@code redis://svc:6379}, {@code
 * jdbc:postgresql://db:5432/x}), {@code host:port}, comma-separated lists, {@code .svc} names, and
 * bare names where the key says it is an address ({@code CART_HOST=cart}).
 *
 * <p>Deliberately conservative: plain words, numbers, paths, versions and times are not addresses,
 * so that inference does not invent flows. A multi-line value (a properties or YAML file) is read
 * line by line, and a {@code key=value} or {@code key: value} line uses its own key as the hint.
 */
public final class AddressReferences {
  private static final Pattern URL =
      Pattern.compile(
          "([a-z][a-z0-9+.-]*(?::[a-z][a-z0-9+.-]*)*)://(?:[^\\s/@?#\"'<>]*@)?"
              + "(\\[[0-9a-f:.]+]|[^\\s:/?#,;'\"@\\[\\]<>()|=&]+)(?::(\\d{1,5}))?"
              + "(?:[/?#][^\\s,;'\"]*)?",
          Pattern.CASE_INSENSITIVE);
  private static final String SEPARATOR_CHARS = ",;='\"`()[]{}<>|&?";
  private static final Pattern BARE =
      Pattern.compile("([a-z0-9][a-z0-9.-]*)(?::(\\d{1,5}))?(/.*)?", Pattern.CASE_INSENSITIVE);
  private static final Pattern KEY_LINE =
      Pattern.compile(
          "^\\s*(?:-\\s+)?-{0,2}([A-Za-z_][A-Za-z0-9_.\\-]*)\\s*(?:=|:(?=\\s))\\s*(.*)$");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Set<String> ADDRESS_WORDS =
      Set.of(
          "host",
          "hostname",
          "hosts",
          "addr",
          "address",
          "addresses",
          "url",
          "urls",
          "uri",
          "endpoint",
          "endpoints",
          "server",
          "servers",
          "svc",
          "service",
          "broker",
          "brokers",
          "upstream",
          "upstreams",
          "backend",
          "backends",
          "dsn",
          "target",
          "targets");

  private AddressReferences() {}

  /**
   * True when a key (env var name, ConfigMap key, command-line flag) says its value is an address:
   * its last word is host, addr, url, endpoint, server, service, broker, ... ({@code CART_ADDR},
   * {@code catalog.url}, {@code --redis-host}, {@code paymentServiceEndpoint}).
   */
  public static boolean isAddressKey(String key) {
    if (key == null) {
      return false;
    }
    // The last word: the trailing run of letters and digits, cut at its last camelCase boundary.
    int end = key.length();
    int start = end;
    while (start > 0 && Character.isLetterOrDigit(key.charAt(start - 1))) {
      start--;
    }
    for (int i = end - 1; i > start; i--) {
      char c = key.charAt(i);
      char before = key.charAt(i - 1);
      if (Character.isUpperCase(c)
          && (Character.isLowerCase(before) || Character.isDigit(before))) {
        start = i;
        break;
      }
    }
    return start < end
        && ADDRESS_WORDS.contains(key.substring(start, end).toLowerCase(Locale.ROOT));
  }

  /**
   * The address references in a value, in order of appearance.
   *
   * @param addressKey whether the value's key is address-like ({@link #isAddressKey}); then a bare
   *     name counts as a strong reference
   */
  public static List<AddressReference> scan(String value, boolean addressKey) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    List<AddressReference> found = new ArrayList<>();
    String[] lines =
        value.indexOf('\n') < 0 && value.indexOf('\r') < 0
            ? new String[] {value}
            : value.split("\\R");
    for (String line : lines) {
      boolean hint = addressKey;
      String rest = line;
      Matcher key = KEY_LINE.matcher(line);
      if (key.matches()) {
        hint = isAddressKey(key.group(1));
        rest = key.group(2);
      }
      scanLine(rest, hint, found);
    }
    return found;
  }

  private static void scanLine(String line, boolean addressKey, List<AddressReference> found) {
    StringBuilder remainder = null;
    if (line.contains("://")) {
      remainder = new StringBuilder(line);
      Matcher url = URL.matcher(line);
      while (url.find()) {
        String host = unbracket(url.group(2).toLowerCase(Locale.ROOT));
        OptionalInt port = port(url.group(3));
        if (validHost(host) && (url.group(3) == null || port.isPresent())) {
          String scheme = url.group(1).toLowerCase(Locale.ROOT);
          scheme = scheme.substring(scheme.lastIndexOf(':') + 1);
          // the text stops at the port: a path or query may carry tokens, keep them out of evidence
          String text = line.substring(url.start(), url.end(url.group(3) != null ? 3 : 2));
          add(found, new AddressReference(text, host, port, Optional.of(scheme), true));
        }
        for (int i = url.start(); i < url.end(); i++) {
          remainder.setCharAt(i, ' ');
        }
      }
    }
    CharSequence rest = remainder == null ? line : remainder;
    // On a line with a URL, the key names that URL: leftover words are not host names.
    boolean bareNames = addressKey && remainder == null;
    int length = rest.length();
    int start = 0;
    while (start < length) {
      while (start < length && isSeparator(rest.charAt(start))) {
        start++;
      }
      int end = start;
      while (end < length && !isSeparator(rest.charAt(end))) {
        end++;
      }
      if (end > start) {
        token(rest.subSequence(start, end).toString(), bareNames, found);
      }
      start = end;
    }
  }

  /** Whitespace and the punctuation that separates values: , ; = ' " ` ( ) [ ] { } < > | & ? */
  private static boolean isSeparator(char c) {
    return Character.isWhitespace(c) || SEPARATOR_CHARS.indexOf(c) >= 0;
  }

  private static void token(String token, boolean addressKey, List<AddressReference> found) {
    Matcher bare = BARE.matcher(token);
    if (!bare.matches()) {
      return;
    }
    String host = trimDot(bare.group(1).toLowerCase(Locale.ROOT));
    boolean hasPort = bare.group(2) != null;
    OptionalInt port = port(bare.group(2));
    if (!validHost(host) || (hasPort && port.isEmpty())) {
      return;
    }
    if (!hasPort && bare.group(3) != null) {
      return; // a path like config/app.yaml, not an address
    }
    boolean dotted = host.indexOf('.') > 0;
    boolean strong = hasPort || addressKey || isServiceDomain(host);
    if (!strong && (!dotted || IPV4.matcher(host).matches())) {
      return;
    }
    String text = hasPort ? bare.group(1) + ":" + bare.group(2) : bare.group(1);
    add(found, new AddressReference(text, host, port, Optional.empty(), strong));
  }

  private static void add(List<AddressReference> found, AddressReference ref) {
    if (!isLocal(ref.host())) {
      found.add(ref);
    }
  }

  private static boolean isServiceDomain(String host) {
    String[] labels = host.split("\\.");
    return Arrays.asList(labels).subList(1, labels.length).contains("svc");
  }

  private static boolean isLocal(String host) {
    return host.equals("localhost")
        || host.endsWith(".localhost")
        || host.startsWith("127.")
        || host.equals("0.0.0.0")
        || host.equals("::1")
        || host.equals("::");
  }

  private static String unbracket(String host) {
    return host.startsWith("[") ? host.substring(1, host.length() - 1) : trimDot(host);
  }

  private static String trimDot(String host) {
    return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
  }

  private static OptionalInt port(String digits) {
    if (digits == null) {
      return OptionalInt.empty();
    }
    int port = Integer.parseInt(digits);
    return port >= 1 && port <= 65535 ? OptionalInt.of(port) : OptionalInt.empty();
  }

  private static boolean validHost(String host) {
    if (host.isEmpty() || host.length() > 253) {
      return false;
    }
    if (host.contains(":")) {
      return host.matches("[0-9a-f:.]+") && host.indexOf(':') != host.lastIndexOf(':');
    }
    if (IPV4.matcher(host).matches()) {
      return Arrays.stream(host.split("\\.")).allMatch(p -> Integer.parseInt(p) <= 255);
    }
    boolean letter = false;
    for (int i = 0; i < host.length() && !letter; i++) {
      letter = Character.isLetter(host.charAt(i));
    }
    if (!letter) {
      return false;
    }
    // DNS-1123 labels: [a-z0-9]([-a-z0-9]*[a-z0-9])?, at most 63 characters each
    int labelStart = 0;
    for (int i = 0; i <= host.length(); i++) {
      if (i == host.length() || host.charAt(i) == '.') {
        int length = i - labelStart;
        if (length == 0
            || length > 63
            || host.charAt(labelStart) == '-'
            || host.charAt(i - 1) == '-') {
          return false;
        }
        labelStart = i + 1;
      } else {
        char c = host.charAt(i);
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
          return false;
        }
      }
    }
    return true;
  }
}
