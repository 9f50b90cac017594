package dev.netseg.infer;

import java.util.Comparator;
import java.util.Objects;

/**
 * Something the generator could not use or decide, for the report: the object and field it came
 * from ({@code subject}, e.g. {@code Deployment shop/frontend env CART_ADDR}) and what is wrong.
 */
public record Finding(Severity severity, Kind kind, String subject, String message)
    implements Comparable<Finding> {

  private static final Comparator<Finding> ORDER =
      Comparator.comparing(Finding::severity)
          .thenComparing(Finding::subject)
          .thenComparing(Finding::kind)
          .thenComparing(Finding::message);

  /** How much it matters. */
  public enum Severity {
    /** The input is wrong (a malformed declaration): the result is incomplete, do not apply it. */
    ERROR,
    /** A required connection may be missing from the policies: look at it. */
    WARNING,
    /** Worth knowing; nothing is missing because of it. */
    INFO
  }

  /** What kind of problem. */
  public enum Kind {
    /** A malformed {@code netseg.dev/*} annotation or allow entry. */
    INVALID_DECLARATION,
    /** Something that looks like an address (or a declared name) that resolves to nothing. */
    UNRESOLVED,
    /** A referenced ConfigMap that is not in the input, so its values were not read. */
    MISSING_OBJECT,
    /** The API server or DNS could not be located. */
    PLATFORM,
    /** A workload whose selector is empty or also selects another workload: no policy. */
    AMBIGUOUS_SELECTOR,
    /** A flow whose peer is not a workload of the input: no rule for it. */
    UNKNOWN_PEER,
    /**
     * A reference without a port to a Service with several ports: every port is allowed, since
     * netseg cannot tell which one is used.
     */
    BROAD_PORTS,
    /** Configuration naming the workload's own Service: no rule to itself is written. */
    SELF_REFERENCE
  }

  public Finding {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public int compareTo(Finding o) {
    return ORDER.compare(this, o);
  }

  @Override
  public String toString() {
    return subject + ": " + message;
  }
}
