package dev.netseg.flows;

import java.util.Objects;

/**
 * The result of reading one flow: a value, or why there is none. Parsers and the interpreter return
 * this instead of throwing, so that bad input can only ever be counted.
 *
 * @param <T> the value type ({@link HubbleFlow} or {@link FlowRecord})
 */
public sealed interface Outcome<T> permits Outcome.Accepted, Outcome.Skipped, Outcome.Rejected {

  /** The input was read and is usable. */
  record Accepted<T>(T value) implements Outcome<T> {
    public Accepted {
      Objects.requireNonNull(value, "value");
    }
  }

  /** The input is well-formed but deliberately not used (a reply, ICMP, ...). */
  record Skipped<T>(SkipReason reason, String detail) implements Outcome<T> {
    public Skipped {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }

    /** The same skip, typed for the next stage. */
    public <U> Skipped<U> retype() {
      return new Skipped<>(reason, detail);
    }
  }

  /** The input is malformed; {@code detail} names the field and what was wrong. */
  record Rejected<T>(RejectReason reason, String detail) implements Outcome<T> {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }

    /** The same rejection, typed for the next stage. */
    public <U> Rejected<U> retype() {
      return new Rejected<>(reason, detail);
    }
  }

  static <T> Outcome<T> accepted(T value) {
    return new Accepted<>(value);
  }

  static <T> Outcome<T> skipped(SkipReason reason, String detail) {
    return new Skipped<>(reason, detail);
  }

  static <T> Outcome<T> rejected(RejectReason reason, String detail) {
    return new Rejected<>(reason, detail);
  }
}
