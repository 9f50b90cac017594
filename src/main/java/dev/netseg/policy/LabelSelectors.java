package dev.netseg.policy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kubernetes label selector semantics (metav1.LabelSelector): matchLabels and matchExpressions are
 * ANDed; an empty selector matches everything; operators In, NotIn, Exists, DoesNotExist.
 */
public final class LabelSelectors {
  private LabelSelectors() {}

  /** True when {@code labels} satisfy {@code selector}; a null selector matches everything. */
  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return true;
    }
    Map<String, String> actual = labels == null ? Map.of() : labels;
    Map<String, String> matchLabels = selector.getMatchLabels();
    if (matchLabels != null) {
      for (Map.Entry<String, String> e : matchLabels.entrySet()) {
        if (!e.getValue().equals(actual.get(e.getKey()))) {
          return false;
        }
      }
    }
    List<LabelSelectorRequirement> expressions = selector.getMatchExpressions();
    if (expressions != null) {
      for (LabelSelectorRequirement r : expressions) {
        if (!matches(r, actual)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean matches(LabelSelectorRequirement r, Map<String, String> labels) {
    String value = labels.get(r.getKey());
    List<String> values = r.getValues() == null ? List.of() : r.getValues();
    return switch (r.getOperator()) {
      case "In" -> value != null && values.contains(value);
      case "NotIn" -> value == null || !values.contains(value);
      case "Exists" -> value != null;
      case "DoesNotExist" -> value == null;
      default -> throw new IllegalArgumentException("invalid operator " + r.getOperator());
    };
  }

  /** True when the selector is present and selects everything (no labels, no expressions). */
  public static boolean isEmpty(LabelSelector selector) {
    return selector != null
        && (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
        && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
  }

  /**
   * Validates a selector as the API server would: keys and values follow the label syntax ({@link
   * LabelSyntax}), operators In/NotIn need values, Exists and DoesNotExist take none. Returns a
   * message naming the field, or empty.
   *
   * @param field the path of the selector in its object, for the message (for example {@code
   *     spec.ingress[0].from[1].podSelector})
   */
  public static Optional<String> validate(LabelSelector selector, String field) {
    if (selector == null) {
      return Optional.empty();
    }
    Map<String, String> matchLabels = selector.getMatchLabels();
    if (matchLabels != null) {
      for (Map.Entry<String, String> e : matchLabels.entrySet()) {
        if (e.getKey() == null || e.getKey().isBlank()) {
          return Optional.of(field + ".matchLabels: a key must not be empty");
        }
        Optional<String> badKey = LabelSyntax.keyProblem(e.getKey());
        if (badKey.isPresent()) {
          return Optional.of(
              "%s.matchLabels: \"%s\" is not a valid label key (%s)"
                  .formatted(field, e.getKey(), badKey.get()));
        }
        if (e.getValue() == null) {
          return Optional.of(field + ".matchLabels." + e.getKey() + ": value must not be null");
        }
        Optional<String> badValue = LabelSyntax.valueProblem(e.getValue());
        if (badValue.isPresent()) {
          return Optional.of(
              "%s.matchLabels.%s: \"%s\" is not a valid label value (%s)"
                  .formatted(field, e.getKey(), e.getValue(), badValue.get()));
        }
      }
    }
    List<LabelSelectorRequirement> expressions = selector.getMatchExpressions();
    if (expressions == null) {
      return Optional.empty();
    }
    for (int i = 0; i < expressions.size(); i++) {
      LabelSelectorRequirement r = expressions.get(i);
      String at = field + ".matchExpressions[" + i + "]";
      if (r.getKey() == null || r.getKey().isBlank()) {
        return Optional.of(at + ".key: must not be empty");
      }
      Optional<String> badKey = LabelSyntax.keyProblem(r.getKey());
      if (badKey.isPresent()) {
        return Optional.of(
            "%s.key: \"%s\" is not a valid label key (%s)".formatted(at, r.getKey(), badKey.get()));
      }
      String op = r.getOperator();
      boolean hasValues = r.getValues() != null && !r.getValues().isEmpty();
      if (hasValues && r.getValues().contains(null)) {
        return Optional.of(at + ".values: must not contain null");
      }
      if (op == null) {
        return Optional.of(at + ".operator: missing");
      }
      switch (op) {
        case "In", "NotIn" -> {
          if (!hasValues) {
            return Optional.of(at + ".values: must be non-empty for operator " + op);
          }
          for (int j = 0; j < r.getValues().size(); j++) {
            String value = r.getValues().get(j);
            Optional<String> badValue = LabelSyntax.valueProblem(value);
            if (badValue.isPresent()) {
              return Optional.of(
                  "%s.values[%d]: \"%s\" is not a valid label value (%s)"
                      .formatted(at, j, value, badValue.get()));
            }
          }
        }
        case "Exists", "DoesNotExist" -> {
          if (hasValues) {
            return Optional.of(at + ".values: must be empty for operator " + op);
          }
        }
        default -> {
          return Optional.of(
              at
                  + ".operator: \""
                  + op
                  + "\" is not a valid selector operator (In, NotIn, Exists, DoesNotExist)");
        }
      }
    }
    return Optional.empty();
  }
}
