package dev.netseg.manifest;

import java.util.regex.Pattern;

/**
 * Field paths as messages show them: {@code spec.template.spec.containers[0].ports[1]}; keys that
 * are not plain words (label keys like {@code app.kubernetes.io/name}) in brackets and quotes.
 */
final class FieldPaths {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_-]+");

  private FieldPaths() {}

  static String field(String parent, String key) {
    if (PLAIN.matcher(key).matches()) {
      return parent.isEmpty() ? key : parent + "." + key;
    }
    return parent + "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
  }

  static String index(String parent, int index) {
    return parent + "[" + index + "]";
  }
}
