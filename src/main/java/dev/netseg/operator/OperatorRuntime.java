package dev.netseg.operator;

import dev.netseg.operator.apply.PolicyWriter;
import dev.netseg.operator.apply.ProposalWriter;
import dev.netseg.operator.apply.WriteMode;
import dev.netseg.operator.decide.ProfileDecider;
import dev.netseg.operator.events.EventRecorder;
import dev.netseg.operator.http.EndpointStartException;
import dev.netseg.operator.http.HttpEndpoints;
import dev.netseg.operator.http.ProbeHandler;
import dev.netseg.operator.http.TextHandler;
import dev.netseg.operator.http.TokenAuthenticator;
import dev.netseg.operator.http.TokenReviewAuthenticator;
import dev.netseg.operator.lead.LeaseIdentity;
import dev.netseg.operator.lead.LeaseRelease;
import dev.netseg.operator.learn.FlowLearning;
import dev.netseg.operator.learn.LearnedEdgeEvents;
import dev.netseg.operator.learn.LearnedFlows;
import dev.netseg.operator.observe.ClusterCache;
import dev.netseg.operator.profile.ProfileValidator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.monitoring.AggregatedMetrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the operator together and runs it, like the main class of JOSDK's samples: no decisions
 * here, only construction and lifecycle.
 *
 * <p>With flow sources configured, one {@link FlowLearning} feeds the reconciler (see {@link
 * FlowSources} for its lifecycle and what happens with several replicas). Start: the stored edges
 * are loaded before the reconciler runs and before any source delivers. Close: sources stop,
 * learned edges are flushed, then the operator stops.
 */
public final class OperatorRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorRuntime.class);

  /** How often learned edges are checked for changes that should re-reconcile a profile. */
  static final Duration LEARNED_EDGE_CHECK = Duration.ofSeconds(1);

  private final Operator operator;
  private final HttpEndpoints http;
  private final PrometheusMeterRegistry registry;
  private final Optional<FlowSources> flows;
  private final Lifecycle lifecycle;
  private final Optional<LeaseRelease> leaseRelease;

  private OperatorRuntime(
      Operator operator,
      HttpEndpoints http,
      PrometheusMeterRegistry registry,
      Optional<FlowSources> flows,
      Lifecycle lifecycle,
      Optional<LeaseRelease> leaseRelease) {
    this.operator = operator;
    this.http = http;
    this.registry = registry;
    this.flows = flows;
    this.lifecycle = lifecycle;
    this.leaseRelease = leaseRelease;
  }

  /**
   * Starts the operator, its HTTP endpoints and, when configured, its flow sources; collectors are
   * authenticated with TokenReviews.
   *
   * @param mode {@link WriteMode#SERVER_SIDE_APPLY} on real clusters; the CRUD mock needs {@link
   *     WriteMode#CREATE_OR_UPDATE}
   */
  public static OperatorRuntime start(
      OperatorConfig config, KubernetesClient client, WriteMode mode, Clock clock)
      throws IOException {
    return start(config, client, mode, LearnedFlows.NONE, clock, tokenReviews(client));
  }

  /**
   * As {@link #start(OperatorConfig, KubernetesClient, WriteMode, Clock)}, with {@code learned} as
   * what the reconciler reads when {@code config} has no flow source (tests give a fixed set).
   */
  public static OperatorRuntime start(
      OperatorConfig config,
      KubernetesClient client,
      WriteMode mode,
      LearnedFlows learned,
      Clock clock)
      throws IOException {
    return start(config, client, mode, learned, clock, tokenReviews(client));
  }

  /** How flow collectors are authenticated in a cluster: with TokenReviews. */
  public static TokenAuthenticator tokenReviews(KubernetesClient client) {
    return new TokenReviewAuthenticator(client, List.of());
  }

  /**
   * As {@link #start(OperatorConfig, KubernetesClient, WriteMode, LearnedFlows, Clock,
   * TokenAuthenticator, Optional)}, stopping this runtime when the lead is lost.
   */
  public static OperatorRuntime start(
      OperatorConfig config,
      KubernetesClient client,
      WriteMode mode,
      LearnedFlows learned,
      Clock clock,
      TokenAuthenticator authenticator)
      throws IOException {
    return start(config, client, mode, learned, clock, authenticator, Optional.empty());
  }

  /**
   * @param learned what the reconciler reads when {@code config} has no flow source
   * @param authenticator checks the bearer tokens of flow collectors
   * @param onLostLead what to do when this replica loses the lead while it is not shutting down
   *     (the CLI ends the process); empty closes this runtime
   */
  public static OperatorRuntime start(
      OperatorConfig config,
      KubernetesClient client,
      WriteMode mode,
      LearnedFlows learned,
      Clock clock,
      TokenAuthenticator authenticator,
      Optional<Runnable> onLostLead)
      throws IOException {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    OperatorMetrics metrics = new OperatorMetrics(registry);
    ProfileValidator validator = new ProfileValidator(config.flowSourceNames());
    boolean learning = !config.flowSourceNames().isEmpty();

    // The namespaces whose records are learned: watched and with a profile. Read for every record,
    // so it is a set that the learning thread refreshes from the cache, not a cache lookup.
    AtomicReference<Set<String>> scope = new AtomicReference<>(Set.of());
    FlowLearning flowLearning =
        learning
            ? new FlowLearning(
                config.flowSourceNames(), ns -> scope.get().contains(ns), metrics, clock)
            : null;
    ForwardingListener listener = new ForwardingListener();
    ClusterCache cache =
        new ClusterCache(
            listener,
            learning
                ? List.of(
                    ctx ->
                        new LearnedEdgeEvents(
                            flowLearning,
                            ns -> ctx.getPrimaryCache().list(ns).map(ResourceID::fromResource),
                            () -> ctx.getPrimaryCache().list().map(ResourceID::fromResource),
                            LEARNED_EDGE_CHECK))
                : List.of());
    // The Lease's holder name, set here because a replica that lost the lead reads the Lease to
    // know whether it may still write, and releases it on shutdown.
    String identity = LeaseIdentity.of(System.getenv());
    Optional<FlowSources> flows =
        learning
            ? Optional.of(
                new FlowSources(
                    config,
                    client,
                    mode,
                    flowLearning,
                    scope,
                    cache,
                    validator,
                    authenticator,
                    identity,
                    clock))
            : Optional.empty();
    flows.ifPresent(f -> listener.target = f.cacheListener());
    if (flowLearning != null) {
      metrics.bindLearning(flowLearning);
    }

    Lifecycle lifecycle = new Lifecycle(onLostLead);
    boolean ssa = mode == WriteMode.SERVER_SIDE_APPLY;
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  // Let a reconcile that is writing policies finish on shutdown (JOSDK's default
                  // is not to wait), within the pod's 30 s grace period.
                  .withReconciliationTerminationTimeout(Duration.ofSeconds(15))
                  .withUseSSAToPatchPrimaryResource(ssa)
                  .withSSABasedCreateUpdateMatchForDependentResources(ssa)
                  // JOSDK's reconcile counts and durations per controller, not per profile
                  // (per profile its reconcile histogram alone is ~70 series each), and the
                  // hook that removes a deleted profile's gauges (docs/metrics.md).
                  .withMetrics(
                      new AggregatedMetrics(
                          List.of(
                              MicrometerMetrics.newMicrometerMetricsBuilder(registry)
                                  .notCollectingMetricsPerResource()
                                  .build(),
                              new DeletedProfileMetrics(metrics))));
              config
                  .leaderElection()
                  .ifPresent(
                      le ->
                          o.withLeaderElectionConfiguration(
                              new LeaderElectionConfiguration(
                                  le.leaseName(),
                                  le.leaseNamespace(),
                                  LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
                                  LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
                                  LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
                                  identity,
                                  leaderCallbacks(flows, lifecycle),
                                  // JOSDK's exit would run inside the JVM's shutdown when the
                                  // lead ends on SIGTERM, and deadlock it: Lifecycle decides.
                                  false)));
            });
    SegmentationProfileReconciler reconciler =
        new SegmentationProfileReconciler(
            cache,
            validator,
            new ProfileDecider(),
            new PolicyWriter(client, mode),
            new ProposalWriter(client, mode),
            new EventRecorder(client, clock),
            flowLearning != null ? flowLearning : learned,
            metrics,
            clock);
    operator.register(
        reconciler,
        o -> {
          if (!config.watchNamespaces().isEmpty()) {
            o.settingNamespaces(config.watchNamespaces());
          }
          // Once JOSDK's retries are used up (a missing permission, an API server away), it
          // reconciles again only after this interval: 5 minutes instead of its default 10 hours,
          // so that fixing the cause heals the profile without an edit. A successful reconcile
          // reschedules itself sooner (RESYNC).
          o.withReconciliationMaxInterval(SegmentationProfileReconciler.AFTER_EXHAUSTED_RETRIES);
        });
    Map<String, Handler> handlers = new LinkedHashMap<>();
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
            () -> {
              if (!operator.getRuntimeInfo().isStarted()) {
                return Optional.of("operator starting");
              }
              return operator.getRuntimeInfo().allEventSourcesAreHealthy()
                  ? Optional.empty()
                  : Optional.of(
                      "unhealthy event sources: "
                          + operator.getRuntimeInfo().unhealthyEventSources().keySet());
            }));
    handlers.put(
        "/metrics", new TextHandler("text/plain; version=0.0.4; charset=utf-8", registry::scrape));
    HttpEndpoints http =
        new HttpEndpoints(
            "probes and metrics",
            new InetSocketAddress(config.httpPort()),
            HttpEndpoints.Limits.PROBES,
            Optional.empty(),
            handlers);
    try {
      http.start();
    } catch (EndpointStartException e) {
      flows.ifPresent(FlowSources::close); // its endpoint listens already
      throw e;
    }
    if (config.leaderElection().isEmpty()) {
      // The only replica leads: its stored edges are in before the first reconcile.
      flows.ifPresent(FlowSources::load);
    }
    operator.start();
    flows.ifPresent(FlowSources::startFeeding);
    if (config.leaderElection().isEmpty()) {
      flows.ifPresent(FlowSources::startSources);
    }
    LOG.info(
        "netseg operator started: watching {}, probes and metrics on port {}{}",
        config.watchNamespaces().isEmpty() ? "all namespaces" : config.watchNamespaces(),
        http.port(),
        flows.map(f -> ", flow sources " + config.flowSourceNames()).orElse(""));
    if (!config.watchNamespaces().isEmpty()) {
      LOG.info(
          "SegmentationProfiles outside {} are not seen and get no status and no policies: add"
              + " their namespace to --watch-namespaces (the chart's watchNamespaces)",
          new java.util.TreeSet<>(config.watchNamespaces()));
    }
    Optional<LeaseRelease> leaseRelease =
        config
            .leaderElection()
            .map(
                le ->
                    new LeaseRelease(client, le.leaseNamespace(), le.leaseName(), identity, clock));
    OperatorRuntime runtime =
        new OperatorRuntime(operator, http, registry, flows, lifecycle, leaseRelease);
    lifecycle.runtime = runtime;
    return runtime;
  }

  /**
   * JOSDK calls onStartLeading before it starts processing events: the stored edges are loaded
   * before this replica's first reconcile. Its informers are synced by then (they run on every
   * replica), so the sources can start at once.
   */
  private static LeaderCallbacks leaderCallbacks(Optional<FlowSources> flows, Lifecycle lifecycle) {
    return new LeaderCallbacks(
        () -> {
          LOG.info("This replica leads");
          flows.ifPresent(
              f -> {
                f.load();
                f.startSources();
              });
        },
        () -> {
          flows.ifPresent(FlowSources::stopLeading);
          lifecycle.leadEnded();
        },
        leader ->
            LOG.info(
                "Leader: {}",
                leader == null || leader.isBlank() ? "none (the Lease was released)" : leader));
  }

  /**
   * Tells a lead that ends because this replica shuts down from one that was lost (the Lease could
   * not be renewed in time, or another replica holds it): a replica that lost the lead must stop
   * reconciling at once, and JOSDK cannot go back to waiting, so the lost lead is handed to {@code
   * onLostLead} (the CLI ends the process, and Kubernetes restarts it as a follower).
   */
  private static final class Lifecycle {
    private final Optional<Runnable> onLostLead;
    private volatile boolean closing;
    private volatile OperatorRuntime runtime;

    Lifecycle(Optional<Runnable> onLostLead) {
      this.onLostLead = onLostLead;
    }

    void leadEnded() {
      if (closing) {
        return;
      }
      LOG.error(
          "Lost the lead (the Lease was not renewed in time or another replica holds it): this"
              + " replica stops reconciling now");
      // Never on the elector's own thread: stopping the operator waits for that thread.
      Runnable stop =
          onLostLead.orElse(
              () -> {
                OperatorRuntime r = runtime;
                if (r != null) {
                  r.close();
                }
              });
      Thread t = new Thread(stop, "netseg-lost-lead");
      t.setDaemon(true);
      t.start();
    }
  }

  /** Forwards informer notifications to the flow sources once they exist. */
  private static final class ForwardingListener implements ClusterCache.Listener {
    volatile ClusterCache.Listener target = ClusterCache.Listener.NONE;

    @Override
    public void podsChanged() {
      target.podsChanged();
    }

    @Override
    public void controllersChanged() {
      target.controllersChanged();
    }
  }

  public int httpPort() {
    return http.port();
  }

  /** The port of the flow endpoint; empty when it is not configured. */
  public Optional<Integer> flowIngestPort() {
    return flows.map(FlowSources::ingestPort).filter(p -> p > 0);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * Stops the flow sources, flushes learned edges, stops the operator (its elector too), releases
   * the Lease if this replica held it, then closes the endpoints. Safe to call more than once.
   */
  @Override
  public void close() {
    lifecycle.closing = true;
    flows.ifPresent(FlowSources::close);
    operator.stop();
    leaseRelease.ifPresent(LeaseRelease::releaseIfHeld);
    http.close();
  }
}
