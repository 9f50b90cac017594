package dev.netseg.operator;

import dev.netseg.flows.relay.NettyRelayChannels;
import dev.netseg.flows.relay.RelayConfig;
import dev.netseg.flows.relay.RelayFlowSource;
import dev.netseg.flows.relay.Sleeper;
import dev.netseg.operator.apply.WriteMode;
import dev.netseg.operator.crd.SegmentationProfile;
import dev.netseg.operator.http.CollectorAuthenticator;
import dev.netseg.operator.http.FlowIngestHandler;
import dev.netseg.operator.http.HttpEndpoints;
import dev.netseg.operator.http.LeaderOnlyHandler;
import dev.netseg.operator.http.TokenAuthenticator;
import dev.netseg.operator.learn.EdgePersistence;
import dev.netseg.operator.learn.FlowLearning;
import dev.netseg.operator.learn.FlowSourceNames;
import dev.netseg.operator.learn.HandoverFlush;
import dev.netseg.operator.learn.ProfileRef;
import dev.netseg.operator.learn.RelayFollower;
import dev.netseg.operator.observe.ClusterCache;
import dev.netseg.operator.profile.ProfileSettings;
import dev.netseg.operator.profile.ProfileValidator;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured flow sources around one {@link FlowLearning}, and their lifecycle: pods and
 * controllers fed from the operator's caches, the flow endpoint, the Relay stream and the
 * persistence of learned edges.
 *
 * <p>Only the leader learns. Every replica listens on the flow port (so that each is Ready and a
 * rolling update proceeds), but a replica that is not the leader answers 503 and records nothing,
 * and does not follow Relay. On taking the lead: load the stored edges, start flushing, then admit
 * flows and follow Relay (resuming from the newest stored sighting). On shutdown: stop the sources,
 * then flush. Losing the lead stops the sources, writes the last edges only if the Lease shows no
 * other replica can lead yet ({@link HandoverFlush}), and ends the process (JOSDK's default).
 */
final class FlowSources implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FlowSources.class);
  private static final Duration FEED_INTERVAL = Duration.ofMillis(500);
  private static final Duration RELAY_SCOPE_INTERVAL = Duration.ofSeconds(5);

  private final OperatorConfig config;
  private final FlowLearning learning;
  private final AtomicReference<Set<String>> scope;
  private final EdgePersistence persistence;
  private final ClusterCache cache;
  private final Clock clock;
  private final ScheduledExecutorService executor;
  private final HttpEndpoints ingest;
  private final Optional<HandoverFlush> handover;
  private final AtomicBoolean podsChanged = new AtomicBoolean(true);
  private final AtomicBoolean controllersChanged = new AtomicBoolean(true);

  // Guarded by this.
  private boolean leading;
  private boolean closed;
  private RelayFollower relay;
  private volatile boolean admitting;

  FlowSources(
      OperatorConfig config,
      KubernetesClient client,
      WriteMode mode,
      FlowLearning learning,
      AtomicReference<Set<String>> scope,
      ClusterCache cache,
      ProfileValidator validator,
      TokenAuthenticator authenticator,
      String leaderIdentity,
      Clock clock) {
    this.config = config;
    this.learning = learning;
    this.scope = scope;
    this.cache = cache;
    this.clock = clock;
    this.persistence =
        new EdgePersistence(
            client,
            learning.store(),
            () -> profileRefs(cache, validator),
            config.watchNamespaces(),
            mode,
            new dev.netseg.flows.EdgeCodec(),
            clock);
    this.handover =
        config
            .leaderElection()
            .map(
                le ->
                    new HandoverFlush(
                        client,
                        persistence,
                        le.leaseNamespace(),
                        le.leaseName(),
                        leaderIdentity,
                        clock));
    this.executor =
        Executors.newScheduledThreadPool(
            1,
            r -> {
              Thread t = new Thread(r, "netseg-flow-learning");
              t.setDaemon(true);
              return t;
            });
    HttpEndpoints endpoint = null;
    if (config.flowIngest().isPresent()) {
      OperatorConfig.FlowIngest f = config.flowIngest().get();
      Optional<HttpEndpoints.Tls> tls =
          f.tlsCertificate().isPresent() && f.tlsKey().isPresent()
              ? Optional.of(
                  new HttpEndpoints.Tls(
                      f.tlsCertificate().get(),
                      "--flow-ingest-tls-cert",
                      f.tlsKey().get(),
                      "--flow-ingest-tls-key",
                      HttpEndpoints.Tls.RELOAD_EVERY))
              : Optional.empty();
      endpoint =
          new HttpEndpoints(
              "flow ingestion",
              new InetSocketAddress(f.port()),
              HttpEndpoints.Limits.FLOWS,
              tls,
              Map.of(
                  "/api/v1/flows",
                  new LeaderOnlyHandler(
                      () -> admitting,
                      new FlowIngestHandler(
                          new CollectorAuthenticator(authenticator, clock),
                          f.allowedUsers(),
                          f.maxBodyBytes(),
                          learning.httpSink()))));
      endpoint.start();
      learning.sourceUnavailable(FlowSourceNames.HTTP, "not the leader");
    }
    this.ingest = endpoint;
  }

  /** What the informers tell: only flags, the work is done on the learning thread. */
  ClusterCache.Listener cacheListener() {
    return new ClusterCache.Listener() {
      @Override
      public void podsChanged() {
        podsChanged.set(true);
      }

      @Override
      public void controllersChanged() {
        controllersChanged.set(true);
      }
    };
  }

  /** Starts feeding pods and controllers to the learner (on every replica: it is cheap). */
  void startFeeding() {
    long ms = FEED_INTERVAL.toMillis();
    executor.scheduleWithFixedDelay(this::feed, 0, ms, TimeUnit.MILLISECONDS);
  }

  private void feed() {
    try {
      refreshScope();
      // Controllers first: a new pod's workload needs its ReplicaSet and Deployment.
      if (controllersChanged.getAndSet(false)) {
        learning.observeControllers(cache.controllers());
      }
      if (podsChanged.getAndSet(false)) {
        learning.observePods(cache.pods(), clock.instant());
      }
    } catch (RuntimeException e) {
      LOG.warn("Updating the pods known to flow learning failed: {}", e.toString());
    }
  }

  /** Namespaces in scope for learning: watched, with a profile. */
  private void refreshScope() {
    Set<String> namespaces = new TreeSet<>();
    for (SegmentationProfile p : cache.profiles()) {
      String ns = p.getMetadata().getNamespace();
      if (config.watchNamespaces().isEmpty() || config.watchNamespaces().contains(ns)) {
        namespaces.add(ns);
      }
    }
    if (!namespaces.equals(scope.get())) {
      scope.set(Set.copyOf(namespaces));
    }
  }

  /**
   * Loads the stored edges and starts flushing. Called once this replica leads, before it
   * reconciles and before any source delivers.
   */
  synchronized void load() {
    if (leading || closed) {
      return;
    }
    leading = true;
    // Learning starts now, before the first reconcile (which may run before startSources).
    learning.warmUp(config.flowWarmup());
    if (ingest != null) {
      learning.sourceUnavailable(FlowSourceNames.HTTP, "starting: flows are admitted once synced");
    }
    if (!config.flowWarmup().isZero()) {
      LOG.info(
          "Flow sources warm up for {}: no learned allowance is removed before collectors have"
              + " reported what they saw while no replica learned (--flow-warmup)",
          config.flowWarmup());
    }
    EdgePersistence.LoadResult loaded = persistence.loadAll();
    LOG.info(
        "Flow learning: loaded {} learned edges of {} profiles{}",
        loaded.edges(),
        loaded.profiles(),
        loaded.problems().isEmpty() ? "" : " (" + loaded.problems().size() + " problems)");
    persistence.start(executor, config.edgeFlushInterval());
  }

  /** Admits flows and follows Relay; after {@link #load()}, once the caches are synced. */
  synchronized void startSources() {
    if (!leading || closed) {
      return;
    }
    refreshScope(); // before the first record, not at the next feed
    if (ingest != null) {
      admitting = true;
      learning.sourceAvailable(FlowSourceNames.HTTP);
      LOG.info("Accepting flows on port {}", ingest.port());
    }
    config
        .hubbleRelay()
        .ifPresent(
            r -> {
              relay =
                  new RelayFollower(
                      (namespaces, since) -> relaySource(r, namespaces, since),
                      learning.newestSighting());
              followRelay();
              long ms = RELAY_SCOPE_INTERVAL.toMillis();
              executor.scheduleWithFixedDelay(this::followRelay, ms, ms, TimeUnit.MILLISECONDS);
            });
  }

  private RelayFlowSource relaySource(
      OperatorConfig.HubbleRelay r, List<String> namespaces, Optional<Instant> since) {
    RelayConfig c = RelayConfig.of(r.address(), namespaces);
    if (r.caFile().isPresent()) {
      RelayConfig.Tls tls = RelayConfig.Tls.withCa(r.caFile().get());
      c = c.withTls(r.serverName().map(tls::withServerName).orElse(tls));
    }
    if (since.isPresent()) {
      c = c.withStartFrom(since.get());
    }
    var consumer = learning.relayConsumer();
    return new RelayFlowSource(
        c,
        NettyRelayChannels.forConfig(c),
        consumer,
        consumer::onState,
        clock,
        Sleeper.system(),
        new Random());
  }

  /** The namespaces in scope: the watched ones, else those with a profile. */
  private void followRelay() {
    try {
      Set<String> namespaces = new TreeSet<>(config.watchNamespaces());
      if (namespaces.isEmpty()) {
        cache.profiles().forEach(p -> namespaces.add(p.getMetadata().getNamespace()));
      }
      RelayFollower r;
      synchronized (this) {
        r = relay;
      }
      if (r != null) {
        r.follow(namespaces);
        if (namespaces.isEmpty()) {
          learning.sourceUnavailable(
              FlowSourceNames.HUBBLE_RELAY, "no namespace with a profile to follow");
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("Following Hubble Relay failed: {}", e.toString());
    }
  }

  /**
   * This replica lost the lead (JOSDK ends the process next): stop admitting and following, then
   * write the edges learned since the last flush only if the Lease shows that no other replica can
   * lead yet ({@link HandoverFlush}); the next leader may otherwise be writing the same objects.
   * After a graceful shutdown ({@link #close()} flushed already) there is nothing left to do.
   */
  void stopLeading() {
    RelayFollower r;
    boolean wasLeading;
    synchronized (this) {
      wasLeading = leading && !closed;
      leading = false;
      admitting = false;
      r = relay;
      relay = null;
    }
    executor.shutdownNow(); // no more scheduled flushes
    if (r != null) {
      r.close();
    }
    if (!wasLeading) {
      return;
    }
    HandoverFlush.Outcome outcome =
        handover.map(HandoverFlush::run).orElse(HandoverFlush.Outcome.OUTSIDE_WINDOW);
    if (outcome == HandoverFlush.Outcome.FLUSHED) {
      LOG.warn("Lost the lead: flow learning stopped; learned edges written before the handover");
    } else {
      LOG.warn(
          "Lost the lead: flow learning stopped; edges learned since the last flush are not"
              + " written ({}: writing could race the next leader)",
          outcome);
    }
  }

  int ingestPort() {
    return ingest == null ? -1 : ingest.port();
  }

  /**
   * Stops the sources first (nothing more arrives), then flushes what was learned (only while this
   * replica led: a replica that did not lead has nothing of its own and must not write).
   */
  @Override
  public void close() {
    RelayFollower r;
    boolean flush;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      admitting = false;
      r = relay;
      flush = leading;
    }
    if (r != null) {
      r.close();
    }
    if (ingest != null) {
      ingest.close();
    }
    if (flush) {
      persistence.close();
      LOG.info("Flow learning stopped; learned edges flushed");
    }
    executor.shutdownNow();
  }

  static List<ProfileRef> profileRefs(ClusterCache cache, ProfileValidator validator) {
    List<ProfileRef> refs = new ArrayList<>();
    for (SegmentationProfile p : cache.profiles()) {
      if (p.getMetadata() == null || p.getMetadata().getUid() == null) {
        continue;
      }
      Optional<Duration> retention =
          validator.validate(p.getSpec()).settings().map(ProfileSettings::retention);
      refs.add(ProfileRef.of(p, retention));
    }
    return refs;
  }
}
