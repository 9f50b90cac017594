package dev.netseg.flows.relay;

import java.time.Instant;
import java.util.Optional;

/**
 * Counters of a {@link RelayFlowSource}, read at one moment.
 *
 * @param flowsReceived flows delivered to the consumer (each at most once)
 * @param duplicatesSkipped flows Relay sent again after a resume and that were not redelivered
 * @param reconnects connection attempts after the first one
 * @param eventsLost events Hubble reported as lost (its {@code lost_events} messages): a gap in
 *     what netseg can learn
 * @param consumerFailures flows whose consumer threw; the flow counts as received and the stream
 *     goes on
 * @param lastSeen newest flow time seen: where a reconnect resumes
 */
public record RelayStats(
    long flowsReceived,
    long duplicatesSkipped,
    long reconnects,
    long eventsLost,
    long consumerFailures,
    Optional<Instant> lastSeen) {}
