package dev.netseg.dataplane;

/**
 * A verdict that may depend on something the test does not control: kube-router resolves some named
 * ports in an order that changes from one sync to the next.
 */
enum Possible {
  DENIED,
  EITHER,
  ALLOWED;

  static Possible of(boolean allowed) {
    return allowed ? ALLOWED : DENIED;
  }

  Possible or(Possible other) {
    return compareTo(other) >= 0 ? this : other;
  }

  Possible and(Possible other) {
    return compareTo(other) <= 0 ? this : other;
  }

  /** Whether packets that saw {@code verdict} fit. */
  boolean admits(Verdict verdict) {
    return switch (this) {
      case ALLOWED -> verdict == Verdict.CONNECTED;
      case DENIED -> verdict == Verdict.REFUSED;
      case EITHER -> verdict == Verdict.CONNECTED || verdict == Verdict.REFUSED;
    };
  }
}
