package dev.netseg.flows;

import java.util.Objects;

/**
 * How often one reason occurred, with what the first occurrence said and the line it was on
 * (clipped), so that a report can show one example per reason.
 */
public record ReasonCount(long count, String firstDetail, String firstExample) {
  public ReasonCount {
    Objects.requireNonNull(firstDetail, "firstDetail");
    Objects.requireNonNull(firstExample, "firstExample");
  }
}
