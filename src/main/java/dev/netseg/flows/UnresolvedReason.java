package dev.netseg.flows;

/** A valid record that could not be tied to workloads in scope: counted, never guessed. */
public enum UnresolvedReason implements FlowReason {
  /** A pod (named, or found by IP at that time) that maps to no known workload. */
  UNKNOWN_POD("pod with no known workload"),
  /** Neither side is a workload in a namespace in scope. */
  OUT_OF_SCOPE("touches no namespace in scope"),
  /** A record built by other code with an IP that does not parse (the parsers never make one). */
  BAD_ADDRESS("not a single IPv4 or IPv6 address");

  private final String description;

  UnresolvedReason(String description) {
    this.description = description;
  }

  @Override
  public String description() {
    return description;
  }
}
