package dev.netseg.cli;

import dev.netseg.operator.OperatorConfig;
import dev.netseg.operator.OperatorRuntime;
import dev.netseg.operator.StartupCheck;
import dev.netseg.operator.apply.WriteMode;
import dev.netseg.operator.learn.LearnedFlows;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code netseg operator}: runs the operator against the current kubeconfig or in-cluster config.
 */
@Command(
    name = "operator",
    mixinStandardHelpOptions = true,
    description =
        "Run the netseg operator: watch SegmentationProfiles and keep NetworkPolicies right.")
public final class OperatorCommand implements Callable<Integer> {
  /** How long the API server may take to answer at start before the operator gives up. */
  private static final Duration STARTUP_CHECK_TIMEOUT = Duration.ofSeconds(30);

  @Option(
      names = "--watch-namespaces",
      split = ",",
      description = "Namespaces to watch (comma-separated). Default: all namespaces.")
  List<String> watchNamespaces = List.of();

  @Option(
      names = "--http-port",
      defaultValue = "8080",
      description = "Port for /healthz, /readyz and /metrics (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(
      names = "--flow-ingest-port",
      defaultValue = "0",
      description =
          "Port for the authenticated POST /api/v1/flows endpoint; 0 disables it (default).")
  int flowIngestPort;

  @Option(
      names = "--flow-ingest-allowed",
      split = ",",
      description =
          "Users allowed to post flows, e.g. system:serviceaccount:monitoring:flow-exporter.")
  List<String> flowIngestAllowed = List.of();

  @Option(
      names = "--flow-ingest-max-bytes",
      defaultValue = "4194304",
      description = "Largest accepted request body (default: ${DEFAULT-VALUE}).")
  long flowIngestMaxBytes;

  @Option(names = "--flow-ingest-tls-cert", description = "PEM certificate for HTTPS.")
  Path flowIngestTlsCert;

  @Option(names = "--flow-ingest-tls-key", description = "PEM private key for HTTPS.")
  Path flowIngestTlsKey;

  @Option(
      names = "--hubble-relay",
      description = "Hubble Relay address (host:port) to follow, e.g. hubble-relay.kube-system:80.")
  String hubbleRelay;

  @Option(names = "--hubble-relay-ca", description = "CA file to verify Hubble Relay's TLS.")
  Path hubbleRelayCa;

  @Option(names = "--hubble-relay-server-name", description = "TLS server name of Hubble Relay.")
  String hubbleRelayServerName;

  @Option(
      names = "--leader-election",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Elect a leader on a Lease so that several replicas can run (default: on).")
  boolean leaderElection;

  @Option(
      names = "--lease-name",
      defaultValue = "netseg-operator",
      description = "Name of the leader-election Lease (default: ${DEFAULT-VALUE}).")
  String leaseName;

  @Option(
      names = "--lease-namespace",
      defaultValue = "${env:POD_NAMESPACE:-netseg-system}",
      description = "Namespace of the Lease (default: $POD_NAMESPACE, else netseg-system).")
  String leaseNamespace;

  @Option(
      names = "--edge-flush-interval",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description =
          "How often learned edges are persisted, e.g. 30s, 1m, 1h30m (ISO-8601 such as PT30S"
              + " works too; default: ${DEFAULT-VALUE}).")
  Duration edgeFlushInterval;

  @Option(
      names = "--flow-warmup",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description =
          "After this replica starts learning (it took the lead, or started alone), how long its"
              + " flow sources count as down: no allowance is removed before collectors have"
              + " reported what they saw while no replica learned; 0s turns it off (default:"
              + " ${DEFAULT-VALUE}).")
  Duration flowWarmup;

  OperatorConfig config() {
    if (flowIngestPort < 0 || flowIngestPort > 65535 || httpPort < 0 || httpPort > 65535) {
      throw new UserError("ports must be between 0 and 65535");
    }
    if ((flowIngestTlsCert == null) != (flowIngestTlsKey == null)) {
      throw new UserError("--flow-ingest-tls-cert and --flow-ingest-tls-key go together");
    }
    if (edgeFlushInterval.isZero() || edgeFlushInterval.isNegative()) {
      throw new UserError("--edge-flush-interval must be longer than 0, for example 30s");
    }
    if (flowIngestPort > 0 && flowIngestAllowed.isEmpty()) {
      throw new UserError(
          "--flow-ingest-port is set but --flow-ingest-allowed lists nobody: no collector could"
              + " post flows");
    }
    return new OperatorConfig(
        Set.copyOf(watchNamespaces),
        httpPort,
        flowIngestPort == 0
            ? Optional.empty()
            : Optional.of(
                new OperatorConfig.FlowIngest(
                    flowIngestPort,
                    Set.copyOf(flowIngestAllowed),
                    flowIngestMaxBytes,
                    Optional.ofNullable(flowIngestTlsCert),
                    Optional.ofNullable(flowIngestTlsKey))),
        Optional.ofNullable(hubbleRelay)
            .map(
                a ->
                    new OperatorConfig.HubbleRelay(
                        a,
                        Optional.ofNullable(hubbleRelayCa),
                        Optional.ofNullable(hubbleRelayServerName))),
        leaderElection
            ? Optional.of(new OperatorConfig.LeaderElection(leaseName, leaseNamespace))
            : Optional.empty(),
        edgeFlushInterval,
        flowWarmup);
  }

  @Override
  public Integer call() throws Exception {
    OperatorConfig config = config();
    KubernetesClient client = new KubernetesClientBuilder().build();
    CountDownLatch stopped = new CountDownLatch(1);
    try {
      new StartupCheck(client, STARTUP_CHECK_TIMEOUT).run();
    } catch (StartupCheck.Failure e) {
      client.close();
      throw e;
    }
    Clock clock = Clock.systemUTC();
    OperatorRuntime runtime =
        OperatorRuntime.start(
            config,
            client,
            WriteMode.SERVER_SIDE_APPLY,
            LearnedFlows.NONE,
            clock,
            OperatorRuntime.tokenReviews(client),
            // A replica that lost the lead ends, and Kubernetes restarts it as a follower: exit
            // code 1, through the shutdown hook below (on its own thread, never inside it).
            Optional.of(() -> System.exit(1)));
    // SIGTERM, and the exit above: sources stop first, learned edges are flushed, the operator
    // stops, and a leader releases its Lease.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  runtime.close();
                  client.close();
                  stopped.countDown();
                },
                "netseg-shutdown"));
    stopped.await();
    return 0;
  }
}
