package dev.netseg.operator;

import com.sun.net.httpserver.HttpHandler;
import dev.netseg.operator.apply.PolicyWriter;
import dev.netseg.operator.apply.ProposalWriter;
import dev.netseg.operator.apply.WriteMode;
import dev.netseg.operator.decide.ProfileDecider;
import dev.netseg.operator.events.EventRecorder;
import dev.netseg.operator.http.HttpEndpoints;
import dev.netseg.operator.http.ProbeHandler;
import dev.netseg.operator.http.TextHandler;
import dev.netseg.operator.learn.LearnedFlows;
import dev.netseg.operator.observe.ClusterCache;
import dev.netseg.operator.profile.ProfileValidator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the operator together and runs it, like the main class of JOSDK's samples: no decisions
 * here, only construction and lifecycle.
 */
public final class OperatorRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorRuntime.class);

  private final Operator operator;
  private final HttpEndpoints http;
  private final PrometheusMeterRegistry registry;

  private OperatorRuntime(Operator operator, HttpEndpoints http, PrometheusMeterRegistry registry) {
    this.operator = operator;
    this.http = http;
    this.registry = registry;
  }

  /**
   * Starts the operator and its HTTP endpoints.
   *
   * @param mode {@link WriteMode#SERVER_SIDE_APPLY} on real clusters; the CRUD mock needs {@link
   *     WriteMode#CREATE_OR_UPDATE}
   */
  public static OperatorRuntime start(
      OperatorConfig config,
      KubernetesClient client,
      WriteMode mode,
      LearnedFlows learned,
      Clock clock)
      throws IOException {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    boolean ssa = mode == WriteMode.SERVER_SIDE_APPLY;
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withUseSSAToPatchPrimaryResource(ssa)
                  .withSSABasedCreateUpdateMatchForDependentResources(ssa)
                  .withMetrics(
                      MicrometerMetrics.newPerResourceCollectingMicrometerMetricsBuilder(registry)
                          .build());
              config
                  .leaderElection()
                  .ifPresent(
                      le ->
                          o.withLeaderElectionConfiguration(
                              new LeaderElectionConfiguration(
                                  le.leaseName(), le.leaseNamespace())));
            });
    OperatorMetrics metrics = new OperatorMetrics(registry);
    SegmentationProfileReconciler reconciler =
        new SegmentationProfileReconciler(
            new ClusterCache(),
            new ProfileValidator(config.flowSourceNames()),
            new ProfileDecider(),
            new PolicyWriter(client, mode),
            new ProposalWriter(client, mode),
            new EventRecorder(client, clock, Duration.ofMinutes(10)),
            learned,
            metrics,
            clock);
    operator.register(
        reconciler,
        o -> {
          if (!config.watchNamespaces().isEmpty()) {
            o.settingNamespaces(config.watchNamespaces());
          }
        });
    Map<String, HttpHandler> handlers = new LinkedHashMap<>();
    handlers.put(
        "/healthz",
        new ProbeHandler(
            () ->
                operator.getRuntimeInfo().isStarted()
                    ? Optional.empty()
                    : Optional.of("operator not started")));
    handlers.put(
        "/readyz",
        new ProbeHandler(
            () ->
                operator.getRuntimeInfo().allEventSourcesAreHealthy()
                    ? Optional.empty()
                    : Optional.of(
                        "unhealthy event sources: "
                            + operator.getRuntimeInfo().unhealthyEventSources().keySet())));
    handlers.put(
        "/metrics", new TextHandler("text/plain; version=0.0.4; charset=utf-8", registry::scrape));
    HttpEndpoints http = new HttpEndpoints("probes", config.httpPort(), Optional.empty(), handlers);
    http.start();
    operator.start();
    LOG.info(
        "netseg operator started: watching {}, probes and metrics on port {}",
        config.watchNamespaces().isEmpty() ? "all namespaces" : config.watchNamespaces(),
        http.port());
    return new OperatorRuntime(operator, http, registry);
  }

  public int httpPort() {
    return http.port();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    operator.stop();
    http.close();
  }
}
