package dev.netseg.flows.relay;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a {@link RelayFlowSource} stands, since when, and (when disconnected) why.
 *
 * @param since when this phase began
 * @param reason why the source is disconnected (gRPC status and description); empty otherwise
 */
public record RelayState(Phase phase, Instant since, Optional<String> reason) {

  public enum Phase {
    /** Created, not started. */
    NEW,
    /** Opening a stream (first attempt or a reconnect). */
    CONNECTING,
    /** The stream is up: Relay answered with headers or a message. */
    CONNECTED,
    /** The stream failed or ended; a reconnect follows after a backoff delay. */
    DISCONNECTED,
    /** Closed: no more flows will be delivered. */
    STOPPED
  }

  public RelayState {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(reason, "reason");
    if (reason.isPresent() != (phase == Phase.DISCONNECTED)) {
      throw new IllegalArgumentException("a reason is given exactly when DISCONNECTED: " + phase);
    }
  }

  public static RelayState of(Phase phase, Instant since) {
    return new RelayState(phase, since, Optional.empty());
  }

  public static RelayState disconnected(Instant since, String reason) {
    return new RelayState(Phase.DISCONNECTED, since, Optional.of(reason));
  }
}
