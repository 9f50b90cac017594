package dev.netseg.operator.observe;

import dev.netseg.manifest.Manifests;
import dev.netseg.operator.crd.PolicyProposal;
import dev.netseg.operator.crd.SegmentationProfile;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The operator's view of the cluster: one informer per kind netseg reads, each mapping a change to
 * the profiles it can concern: those of the object's namespace and those at the other end of its
 * flows ({@link FlowLinks}, {@link ReferencedNamespaces}); a Namespace change, which can move
 * namespaceSelector peers anywhere, maps to every profile. Cached objects are trimmed to what
 * netseg reads.
 *
 * <p>Flow learning reads the same caches instead of keeping informers of its own: a {@link
 * Listener} hears that pods or workload controllers changed, and {@link #pods()} and {@link
 * #controllers()} give them. Extra event sources (the learned-edge trigger) are registered with the
 * informers.
 */
public final class ClusterCache {
  /** Told, on an informer thread, that cached pods or controllers changed: must be cheap. */
  public interface Listener {
    void podsChanged();

    void controllersChanged();

    Listener NONE =
        new Listener() {
          @Override
          public void podsChanged() {}

          @Override
          public void controllersChanged() {}
        };
  }

  /** Makes an event source of the profile controller from its context. */
  public interface EventSourceFactory
      extends Function<
          EventSourceContext<SegmentationProfile>, EventSource<?, SegmentationProfile>> {}

  private final Listener listener;
  private final List<EventSourceFactory> extra;
  private final FlowLinks links;
  private volatile CrossNamespaceEvents crossNamespace;
  // Written once, before the controller starts; read from informer and reconciler threads.
  private final List<InformerEventSource<? extends HasMetadata, SegmentationProfile>> sources =
      new CopyOnWriteArrayList<>();
  private volatile InformerEventSource<Namespace, SegmentationProfile> namespaces;
  private volatile InformerEventSource<PolicyProposal, SegmentationProfile> proposals;
  private volatile IndexedResourceCache<SegmentationProfile> profiles;

  public ClusterCache() {
    this(Listener.NONE, List.of());
  }

  public ClusterCache(Listener listener, List<EventSourceFactory> extra) {
    this.listener = Objects.requireNonNull(listener, "listener");
    this.extra = List.copyOf(extra);
    this.links = new FlowLinks();
  }

  /** Creates the event sources; JOSDK calls this once, before starting the controller. */
  public List<EventSource<?, SegmentationProfile>> eventSources(
      EventSourceContext<SegmentationProfile> ctx) {
    sources.clear();
    profiles = ctx.getPrimaryCache();
    WatchedKinds.NAMESPACED.forEach(kind -> add(ctx, kind));
    namespaces =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Namespace.class, SegmentationProfile.class)
                .withName("Namespace")
                .withSecondaryToPrimaryMapper(
                    ns ->
                        ctx.getPrimaryCache()
                            .list()
                            .map(ResourceID::fromResource)
                            .collect(Collectors.toSet()))
                .withItemStore(new TrimmingItemStore<>(Trimming::metadata))
                .withOnUpdateFilter(RelevantUpdate::changes)
                .withWatchAllNamespaces()
                .build(),
            ctx);
    // The proposals netseg writes, read from here instead of a GET per reconcile. Its own writes
    // cause no reconcile; a proposal someone deleted does, so that it is written again.
    proposals =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(PolicyProposal.class, SegmentationProfile.class)
                .withName("PolicyProposal")
                .withSecondaryToPrimaryMapper(
                    p ->
                        Set.of(
                            new ResourceID(
                                p.getMetadata().getName(), p.getMetadata().getNamespace())))
                .withOnAddFilter(p -> false)
                .withOnUpdateFilter((updated, old) -> false)
                .withNamespacesInheritedFromController()
                .build(),
            ctx);
    crossNamespace = new CrossNamespaceEvents();
    List<EventSource<?, SegmentationProfile>> all = new ArrayList<>(sources);
    all.add(namespaces);
    all.add(proposals);
    all.add(crossNamespace);
    extra.forEach(f -> all.add(f.apply(ctx)));
    return all;
  }

  private <R extends HasMetadata> void add(
      EventSourceContext<SegmentationProfile> ctx, Class<R> type) {
    UnaryOperator<R> trim = WatchedKinds::trim;
    Runnable changed =
        type == Pod.class
            ? listener::podsChanged
            : WatchedKinds.CONTROLLERS.contains(type) ? listener::controllersChanged : () -> {};
    // With watched namespaces JOSDK runs one informer per namespace but hands each the same item
    // store, so the namespaces would overwrite one another's objects (and every object would be
    // listed once per namespace): trim only where one informer watches all namespaces. Without our
    // store, the mapper (which JOSDK calls for every add, update and delete) reports the change.
    boolean trimmed = ctx.getControllerConfiguration().getInformerConfig().watchAllNamespaces();
    var config =
        InformerEventSourceConfiguration.from(type, SegmentationProfile.class)
            .withName(type.getSimpleName())
            .withSecondaryToPrimaryMapper(
                r -> {
                  if (!trimmed) {
                    changed.run();
                  }
                  return affected(ctx, r);
                })
            .withOnUpdateFilter(RelevantUpdate::changes)
            .withNamespacesInheritedFromController();
    if (trimmed) {
      config.withItemStore(new TrimmingItemStore<>(trim, changed));
    }
    sources.add(new InformerEventSource<>(config.build(), ctx));
  }

  /**
   * The profiles a change to {@code r} can concern: those of its namespace, those of the namespaces
   * that shared required flows with it at their last reconcile ({@link FlowLinks}: a Service's
   * clients, a client's servers), and those of the namespaces its references name (a client's first
   * reference to another namespace, from a namespace with or without a profile). A change to the
   * API server's endpoints concerns every profile.
   */
  private Set<ResourceID> affected(EventSourceContext<SegmentationProfile> ctx, HasMetadata r) {
    if (r instanceof EndpointSlice slice && isApiServer(slice)) {
      return ctx.getPrimaryCache().list().map(ResourceID::fromResource).collect(Collectors.toSet());
    }
    String namespace = r.getMetadata().getNamespace();
    Set<String> namespaces = new java.util.TreeSet<>(links.partnersOf(namespace));
    namespaces.add(namespace);
    Set<String> withProfiles =
        ctx.getPrimaryCache()
            .list()
            .map(p -> p.getMetadata().getNamespace())
            .collect(Collectors.toSet());
    namespaces.addAll(ReferencedNamespaces.in(r, withProfiles));
    return namespaces.stream()
        .flatMap(ns -> ctx.getPrimaryCache().list(ns))
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  private static boolean isApiServer(EndpointSlice slice) {
    return "default".equals(slice.getMetadata().getNamespace())
        && slice.getMetadata().getLabels() != null
        && "kubernetes".equals(slice.getMetadata().getLabels().get(SERVICE_NAME_LABEL));
  }

  private static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  /**
   * Records the namespaces a profile's required flows reach (see {@link FlowLinks}) and asks for a
   * reconcile of the profiles of each namespace whose flows with it changed: the other end of a
   * new, changed or removed flow follows at once instead of at its next resync.
   *
   * @param partners each other namespace reached, with a fingerprint of the flows it shares
   */
  public void flowsReached(SegmentationProfile profile, Map<String, Integer> partners) {
    String key = profile.getMetadata().getNamespace() + "/" + profile.getMetadata().getName();
    Set<String> changed = links.update(key, profile.getMetadata().getNamespace(), partners);
    IndexedResourceCache<SegmentationProfile> cached = profiles;
    if (cached != null) {
      Set<String> live =
          cached
              .list()
              .map(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName())
              .collect(Collectors.toSet());
      links.retain(live::contains);
      CrossNamespaceEvents events = crossNamespace;
      if (events != null && !changed.isEmpty()) {
        events.reconcile(
            changed.stream()
                .flatMap(cached::list)
                .map(ResourceID::fromResource)
                .collect(Collectors.toSet()));
      }
    }
  }

  /** Every cached pod (empty before the controller started). */
  public List<Pod> pods() {
    List<Pod> all = new ArrayList<>();
    for (var source : sources) {
      if (source.resourceType() == Pod.class) {
        source.list(o -> true).map(Pod.class::cast).forEach(all::add);
      }
    }
    return all;
  }

  /** Every cached workload controller: Deployments, ReplicaSets, Jobs, CronJobs, ... */
  public List<HasMetadata> controllers() {
    List<HasMetadata> all = new ArrayList<>();
    for (var source : sources) {
      if (WatchedKinds.CONTROLLERS.contains(source.resourceType())) {
        source.list(o -> true).forEach(all::add);
      }
    }
    return all;
  }

  /** Every cached SegmentationProfile (empty before the controller started). */
  public List<SegmentationProfile> profiles() {
    IndexedResourceCache<SegmentationProfile> p = profiles;
    return p == null ? List.of() : p.list().toList();
  }

  /** The profiles of {@code namespace}. */
  public List<SegmentationProfile> profilesIn(String namespace) {
    IndexedResourceCache<SegmentationProfile> p = profiles;
    return p == null ? List.of() : p.list(namespace).toList();
  }

  /** The profile's PolicyProposal as last seen or written. */
  public Optional<PolicyProposal> proposal(String namespace, String name) {
    return proposals == null ? Optional.empty() : proposals.get(new ResourceID(name, namespace));
  }

  /**
   * Puts a proposal netseg just wrote into the cache, so that the next reconcile compares against
   * it even before the watch delivers it (else it would write the same content again).
   */
  public void proposalWritten(PolicyProposal written, Optional<PolicyProposal> previous) {
    if (proposals == null) {
      return;
    }
    ResourceID id = ResourceID.fromResource(written);
    if (previous.isPresent()) {
      proposals.handleRecentResourceUpdate(id, written, previous.get());
    } else {
      proposals.handleRecentResourceCreate(id, written);
    }
  }

  /** Every cached object, as one {@link Manifests} value for the pure core. */
  public Manifests snapshot() {
    List<HasMetadata> all = new ArrayList<>();
    for (var source : sources) {
      source.list(o -> true).forEach(all::add);
    }
    if (namespaces != null) {
      namespaces.list(o -> true).forEach(all::add);
    }
    return Manifests.of(all);
  }
}
