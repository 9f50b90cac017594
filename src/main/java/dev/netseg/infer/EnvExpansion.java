package dev.netseg.infer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Kubernetes' expansion of {@code $(NAME)} in a container's {@code env[].value}, {@code command}
 * and {@code args}: a reference to a variable defined before it (in {@code envFrom}, or earlier in
 * {@code env}) is replaced by its value, {@code $$} is one {@code $}, and a reference to a variable
 * that is not defined stays as written, as the kubelet leaves it. Pure.
 */
final class EnvExpansion {
  /** What a name stands for when a reference is expanded. */
  sealed interface Variable permits Known, Unknown {}

  /** A variable whose value the input shows. */
  record Known(String value) implements Variable {}

  /**
   * A variable that is defined but whose value only the running pod has (a Secret, a fieldRef, a
   * ConfigMap that is not in the input); {@code source} says which, for messages.
   */
  record Unknown(String source) implements Variable {}

  /**
   * The expanded text, and the references that stayed as written because their variable is defined
   * but its value is not known (name and source, in order of appearance).
   */
  record Expanded(String value, List<String> unknown) {
    Expanded {
      unknown = List.copyOf(unknown);
    }
  }

  private EnvExpansion() {}

  /**
   * @param variables the variables defined so far, by name; empty for a name not defined
   */
  static Expanded expand(String input, Function<String, Optional<Variable>> variables) {
    if (input.indexOf('$') < 0) {
      return new Expanded(input, List.of());
    }
    StringBuilder out = new StringBuilder(input.length());
    List<String> unknown = new ArrayList<>();
    int i = 0;
    while (i < input.length()) {
      char c = input.charAt(i);
      if (c != '$' || i + 1 >= input.length()) {
        out.append(c);
        i++;
        continue;
      }
      char next = input.charAt(i + 1);
      if (next == '$') {
        out.append('$'); // an escaped operator
        i += 2;
      } else if (next == '(') {
        int close = input.indexOf(')', i + 2);
        if (close < 0) {
          out.append("$("); // an incomplete reference stays as written
          i += 2;
          continue;
        }
        String name = input.substring(i + 2, close);
        Optional<Variable> v = variables.apply(name);
        if (v.isPresent() && v.get() instanceof Known k) {
          out.append(k.value());
        } else {
          out.append("$(").append(name).append(')');
          v.ifPresent(u -> unknown.add(name + " (" + ((Unknown) u).source() + ")"));
        }
        i = close + 1;
      } else {
        out.append('$').append(next); // not a reference: both kept
        i += 2;
      }
    }
    return new Expanded(out.toString(), unknown);
  }
}
