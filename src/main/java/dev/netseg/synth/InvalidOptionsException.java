package dev.netseg.synth;

import java.util.List;

/**
 * Generator options that cannot be used; the message lists every problem, each naming its field.
 */
public class InvalidOptionsException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final transient List<String> problems;

  public InvalidOptionsException(List<String> problems) {
    super("invalid generator options: " + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem, e.g. {@code nodeLocalDns: "x" is not an IP address}. */
  public List<String> problems() {
    return problems;
  }
}
