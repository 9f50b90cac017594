package dev.netseg.policy;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Label keys and values as the API server accepts them. A key is an optional prefix and {@code /}
 * and a name: the prefix a DNS subdomain of at most 253 characters, the name 1-63 letters, digits,
 * {@code -}, {@code _} or {@code .}, starting and ending with a letter or digit. A value is empty
 * or like such a name. Each check returns why the text is wrong, or empty.
 */
public final class LabelSyntax {
  private static final int MAX_NAME = 63;
  private static final int MAX_PREFIX = 253;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final String NAME_RULE =
      "1-63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";

  private LabelSyntax() {}

  /** Why {@code key} is not a valid label key, or empty when it is. */
  public static Optional<String> keyProblem(String key) {
    if (key == null || key.isEmpty()) {
      return Optional.of("a label key must not be empty");
    }
    int slash = key.indexOf('/');
    if (slash >= 0 && key.indexOf('/', slash + 1) >= 0) {
      return Optional.of("at most one '/' separates a prefix from the name");
    }
    String name = slash < 0 ? key : key.substring(slash + 1);
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      if (prefix.isEmpty()) {
        return Optional.of("the prefix before '/' must not be empty");
      }
      if (prefix.length() > MAX_PREFIX) {
        return Optional.of(
            "the prefix is %d characters, at most %d".formatted(prefix.length(), MAX_PREFIX));
      }
      if (!DNS_SUBDOMAIN.matcher(prefix).matches()) {
        return Optional.of(
            "the prefix must be a DNS subdomain (lowercase letters, digits, '-' and '.', each"
                + " part starting and ending with a letter or digit)");
      }
      if (name.isEmpty()) {
        return Optional.of("the name part after the prefix must not be empty");
      }
    }
    if (name.length() > MAX_NAME) {
      return Optional.of(
          "the name part is %d characters, at most %d".formatted(name.length(), MAX_NAME));
    }
    if (!NAME.matcher(name).matches()) {
      return Optional.of("the name part must be " + NAME_RULE);
    }
    return Optional.empty();
  }

  /** Why {@code value} is not a valid label value, or empty when it is. */
  public static Optional<String> valueProblem(String value) {
    if (value == null) {
      return Optional.of("a label value must not be null");
    }
    if (value.length() > MAX_NAME) {
      return Optional.of("it is %d characters, at most %d".formatted(value.length(), MAX_NAME));
    }
    if (!value.isEmpty() && !NAME.matcher(value).matches()) {
      return Optional.of("a label value must be empty or " + NAME_RULE);
    }
    return Optional.empty();
  }
}
