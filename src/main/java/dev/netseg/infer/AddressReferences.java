package dev.netseg.infer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
  private static final Pattern CONNECTION_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9 _.\\-]*");
  private static final Pattern NESTED_KEY = Pattern.compile("\\s*[A-Za-z][A-Za-z0-9 _.\\-]*=");
  private static final Pattern SQL_SERVER_PORT = Pattern.compile("([^,]+),\\s*(\\d{1,5})");
  private static final Set<String> CONNECTION_HOST_KEYS =
      Set.of(
          "server",
          "host",
          "hostname",
          "datasource",
          "address",
          "addr",
          "networkaddress",
          "endpoint",
          "contactpoints");
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
    int start = lastWordStart(key);
    return start < key.length()
        && ADDRESS_WORDS.contains(key.substring(start).toLowerCase(Locale.ROOT));
  }

  /**
   * Where the key's last word starts: the trailing run of letters and digits, cut at its last
   * camelCase boundary ({@code CART_ADDR}: 5, {@code paymentServiceEndpoint}: 14); the key's length
   * when it ends in punctuation.
   */
  static int lastWordStart(String key) {
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
        return i;
      }
    }
    return start;
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
    // key lines of a multi-line value (a properties file): their references, for host/port keys
    Map<String, String> keyValues = new HashMap<>();
    List<KeyedRange> keyed = new ArrayList<>();
    for (String line : lines) {
      if (connectionString(line, found)) {
        continue;
      }
      boolean hint = addressKey;
      String rest = line;
      String lineKey = null;
      Matcher key = mayHaveKey(line) ? KEY_LINE.matcher(line) : null;
      if (key != null && key.matches()) {
        lineKey = key.group(1);
        if (Secrets.isSecretKey(lineKey)) {
          continue; // a credential: never read, never quoted
        }
        hint = isAddressKey(lineKey);
        rest = key.group(2);
        keyValues.put(lineKey, rest);
        if (connectionString(rest, found)) {
          continue; // KEY=Host=db;Port=5432;...
        }
      }
      int from = found.size();
      scanLine(rest, hint, found);
      if (lineKey != null && found.size() > from) {
        keyed.add(new KeyedRange(lineKey, from, found.size()));
      }
    }
    for (KeyedRange r : keyed) {
      PortSiblings.portKey(r.key(), keyValues.keySet())
          .ifPresent(
              portKey ->
                  PortSiblings.number(keyValues.get(portKey))
                      .ifPresent(
                          port -> {
                            for (int i = r.from(); i < r.to(); i++) {
                              if (found.get(i).port().isEmpty()) {
                                found.set(i, found.get(i).withPort(port, portKey));
                              }
                            }
                          }));
    }
    return found;
  }

  /** The references one key line of a multi-line value produced: found[from, to). */
  private record KeyedRange(String key, int from, int to) {}

  /**
   * A connection string of {@code key=value} pairs separated by {@code ;} (ADO.NET, Npgsql, JDBC
   * properties): only the values of host keys ({@code Server}, {@code Host}, {@code Data Source},
   * ...) are addresses, with the {@code Port} pair's port (or SQL Server's {@code host,port}); the
   * other keys (database, user, password, options) are not read at all.
   *
   * @return false when the line is not such a list
   */
  private static boolean connectionString(String line, List<AddressReference> found) {
    if (line.indexOf(';') < 0 || line.indexOf('=') < 0) {
      return false;
    }
    List<String[]> pairs = new ArrayList<>();
    for (String segment : line.split(";")) {
      if (segment.isBlank()) {
        continue;
      }
      int eq = segment.indexOf('=');
      if (eq < 0
          || !CONNECTION_KEY.matcher(segment.substring(0, eq).strip()).matches()
          || NESTED_KEY.matcher(segment.substring(eq + 1)).lookingAt()) {
        return false; // not key=value, or KEY=key2=value: a key line whose value is the list
      }
      pairs.add(new String[] {segment.substring(0, eq).strip(), segment.substring(eq + 1).strip()});
    }
    if (pairs.size() < 2) {
      return false;
    }
    OptionalInt port = OptionalInt.empty();
    String portKey = null;
    for (String[] p : pairs) {
      if (p[0].equalsIgnoreCase("port")) {
        port = PortSiblings.number(p[1]);
        portKey = p[0];
      }
    }
    for (String[] p : pairs) {
      String key = p[0].toLowerCase(Locale.ROOT).replace(" ", "");
      if (!CONNECTION_HOST_KEYS.contains(key) && !isAddressKey(p[0])) {
        continue;
      }
      String v = p[1];
      if (v.regionMatches(true, 0, "tcp:", 0, 4)) {
        v = v.substring(4);
      }
      Matcher sqlServer = SQL_SERVER_PORT.matcher(v);
      OptionalInt inline = OptionalInt.empty();
      if (sqlServer.matches()) {
        inline = PortSiblings.number(sqlServer.group(2));
        v = sqlServer.group(1);
      }
      List<AddressReference> refs = new ArrayList<>();
      scanLine(v, true, refs);
      for (AddressReference r : refs) {
        if (r.port().isEmpty() && inline.isPresent()) {
          r =
              new AddressReference(
                  p[1], r.host(), inline, r.scheme(), r.strong(), Optional.empty());
        } else if (r.port().isEmpty() && port.isPresent()) {
          r = r.withPort(port.getAsInt(), portKey);
        }
        found.add(r);
      }
    }
    return true;
  }

  /** {@code key=value} or {@code key: value}: only then is the line-key pattern worth trying. */
  private static boolean mayHaveKey(String line) {
    return line.indexOf('=') >= 0 || line.indexOf(": ") >= 0 || line.indexOf(":\t") >= 0;
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
          // the text stops at the port: a path or query may carry tokens, keep them out of
          // evidence;
          // the userinfo (user:password@) is masked
          String text =
              Secrets.redact(line.substring(url.start(), url.end(url.group(3) != null ? 3 : 2)));
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

  /** A label {@code svc} after the first one: {@code cart.shop.svc[.cluster.local]}. */
  private static boolean isServiceDomain(String host) {
    return host.indexOf(".svc.") > 0 || (host.endsWith(".svc") && host.length() > 4);
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
