package dev.netseg.operator.observe;

import dev.netseg.manifest.Manifests;
import dev.netseg.operator.crd.PolicyProposal;
import dev.netseg.operator.crd.SegmentationProfile;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The operator's view of the cluster: one informer per kind netseg reads, each mapping a change to
 * the profiles of the object's namespace (a Namespace change, which can move namespaceSelector
 * peers anywhere, maps to every profile). Cached objects are trimmed to what netseg reads.
 */
public final class ClusterCache {
  private final List<InformerEventSource<? extends HasMetadata, SegmentationProfile>> sources =
      new ArrayList<>();
  private InformerEventSource<Namespace, SegmentationProfile> namespaces;
  private InformerEventSource<PolicyProposal, SegmentationProfile> proposals;

  /** Creates the event sources; JOSDK calls this once, before starting the controller. */
  public List<EventSource<?, SegmentationProfile>> eventSources(
      EventSourceContext<SegmentationProfile> ctx) {
    sources.clear();
    add(ctx, Pod.class, Trimming::pod);
    add(ctx, Service.class, Trimming::metadata);
    add(ctx, ConfigMap.class, Trimming::metadata);
    add(ctx, EndpointSlice.class, Trimming::metadata);
    add(ctx, Ingress.class, Trimming::metadata);
    add(ctx, NetworkPolicy.class, Trimming::metadata);
    add(ctx, Deployment.class, ClusterCache::withoutStatus);
    add(ctx, StatefulSet.class, ClusterCache::withoutStatus);
    add(ctx, DaemonSet.class, ClusterCache::withoutStatus);
    add(ctx, ReplicaSet.class, ClusterCache::withoutStatus);
    add(ctx, Job.class, ClusterCache::withoutStatus);
    add(ctx, CronJob.class, ClusterCache::withoutStatus);
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
    List<EventSource<?, SegmentationProfile>> all = new ArrayList<>(sources);
    all.add(namespaces);
    all.add(proposals);
    return all;
  }

  private <R extends HasMetadata> void add(
      EventSourceContext<SegmentationProfile> ctx, Class<R> type, UnaryOperator<R> trim) {
    sources.add(
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(type, SegmentationProfile.class)
                .withName(type.getSimpleName())
                .withSecondaryToPrimaryMapper(r -> profilesIn(ctx, r.getMetadata().getNamespace()))
                .withItemStore(new TrimmingItemStore<>(trim))
                .withNamespacesInheritedFromController()
                .build(),
            ctx));
  }

  private static Set<ResourceID> profilesIn(
      EventSourceContext<SegmentationProfile> ctx, String namespace) {
    return ctx.getPrimaryCache()
        .list(namespace)
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  private static <R extends HasMetadata> R withoutStatus(R object) {
    Trimming.metadata(object);
    return object;
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
