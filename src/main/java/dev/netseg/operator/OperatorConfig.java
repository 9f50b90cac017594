package dev.netseg.operator;

import dev.netseg.operator.learn.FlowSourceNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * How the operator runs: what it watches, where it listens, which flow sources it reads. Built by
 * the {@code netseg operator} command from flags (which the Helm chart sets).
 *
 * @param watchNamespaces namespaces to watch; empty means all
 * @param httpPort port of /healthz, /readyz and /metrics
 * @param flowIngest the authenticated POST /api/v1/flows endpoint, when enabled
 * @param hubbleRelay the Hubble Relay to follow, when configured
 * @param leaderElection lease settings; empty runs without leader election (one replica only)
 * @param edgeFlushInterval how often learned edges are persisted
 * @param flowWarmup after this replica starts learning (it took the lead, or started alone), how
 *     long its flow sources count as down, so that nothing is tightened before collectors have
 *     reported what they saw while no replica learned; zero counts them from the moment they are up
 */
public record OperatorConfig(
    Set<String> watchNamespaces,
    int httpPort,
    Optional<FlowIngest> flowIngest,
    Optional<HubbleRelay> hubbleRelay,
    Optional<LeaderElection> leaderElection,
    Duration edgeFlushInterval,
    Duration flowWarmup) {

  /** The HTTP flow-ingestion endpoint. */
  public record FlowIngest(
      int port,
      Set<String> allowedUsers,
      long maxBodyBytes,
      Optional<Path> tlsCertificate,
      Optional<Path> tlsKey) {
    public FlowIngest {
      allowedUsers = Set.copyOf(allowedUsers);
    }
  }

  /** The Hubble Relay source. */
  public record HubbleRelay(String address, Optional<Path> caFile, Optional<String> serverName) {}

  /** Leader election on a Lease. */
  public record LeaderElection(String leaseName, String leaseNamespace) {}

  public OperatorConfig {
    watchNamespaces = Set.copyOf(watchNamespaces);
    if (flowWarmup.isNegative()) {
      throw new IllegalArgumentException("flowWarmup must not be negative: " + flowWarmup);
    }
  }

  /**
   * Names of the configured flow sources, as profiles refer to them in spec.learning.flowSources.
   */
  public Set<String> flowSourceNames() {
    java.util.Set<String> names = new java.util.TreeSet<>();
    flowIngest.ifPresent(f -> names.add(FlowSourceNames.HTTP));
    hubbleRelay.ifPresent(h -> names.add(FlowSourceNames.HUBBLE_RELAY));
    return Set.copyOf(names);
  }
}
