package dev.netseg.flows.relay;

import io.grpc.ManagedChannel;

/**
 * Opens a fresh channel to Relay for one connection attempt. A fresh channel per attempt makes the
 * source's own backoff the only retry schedule (a reused channel adds gRPC's internal reconnect
 * backoff on top) and re-reads TLS files on every reconnect.
 */
@FunctionalInterface
public interface RelayChannelFactory {
  /** A new channel; the caller shuts it down. */
  ManagedChannel open();
}
