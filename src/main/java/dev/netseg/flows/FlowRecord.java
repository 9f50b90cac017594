package dev.netseg.flows;

import dev.netseg.policy.Protocol;
import java.time.Instant;
import java.util.Objects;

/**
 * One observed connection, from the initiating side: every source format (Hubble JSON, Hubble
 * Relay, the generic netseg JSON lines) is parsed into this one shape, already validated (port in
 * range, IPs well-formed), so that learning never sees a half-parsed record.
 */
public record FlowRecord(
    Instant time,
    FlowEndpoint source,
    FlowEndpoint destination,
    Protocol protocol,
    int port,
    FlowVerdict verdict) {
  public FlowRecord {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(verdict, "verdict");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range 1-65535: " + port);
    }
  }

  /**
   * The record as a person reads it, for messages about records that have no input line (Relay):
   * {@code FORWARDED shop/web-1 (10.0.0.1) -> shop/db-0 TCP/5432 at 2026-01-01T00:00:00Z}.
   */
  public String describe() {
    return verdict
        + " "
        + source.describe()
        + " -> "
        + destination.describe()
        + " "
        + protocol
        + "/"
        + port
        + " at "
        + time;
  }
}
