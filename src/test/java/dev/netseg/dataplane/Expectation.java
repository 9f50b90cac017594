package dev.netseg.dataplane;

import java.util.function.Predicate;

/** What a probe should see: a prediction of the engine, a model, or a case's table. */
@FunctionalInterface
interface Expectation {
  Possible of(Probe probe);

  /** Allowed where {@code allowed} holds, denied elsewhere. */
  static Expectation allowedIf(Predicate<Probe> allowed) {
    return p -> Possible.of(allowed.test(p));
  }
}
