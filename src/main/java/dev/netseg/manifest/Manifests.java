package dev.netseg.manifest;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1alpha2.TCPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1alpha2.TLSRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1alpha2.UDPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The Kubernetes objects netseg reads, as fabric8 model objects, grouped by kind in the order they
 * were loaded. No two objects share an {@link ObjectRef} (kind, namespace, name). Objects from
 * {@link ManifestLoader} always have their namespace set (namespaced kinds) or none (Namespace).
 *
 * <p>The lists are immutable; the fabric8 objects in them are mutable by nature and must be treated
 * as read-only (copy them with their builders before changing anything).
 *
 * @param warnings what was skipped while loading, one line each (for example {@code
 *     examples/x.yaml#3: skipping kind Foo (not used by netseg)})
 * @param sources where each object came from ({@code path#docIndex}, or {@code
 *     path#docIndex.items[i]} for an item of a List); objects built in code have none
 */
public record Manifests(
    List<Namespace> namespaces,
    List<Pod> pods,
    List<Deployment> deployments,
    List<StatefulSet> statefulSets,
    List<DaemonSet> daemonSets,
    List<ReplicaSet> replicaSets,
    List<ReplicationController> replicationControllers,
    List<Job> jobs,
    List<CronJob> cronJobs,
    List<Service> services,
    List<ConfigMap> configMaps,
    List<Ingress> ingresses,
    List<NetworkPolicy> networkPolicies,
    List<EndpointSlice> endpointSlices,
    List<ServiceAccount> serviceAccounts,
    List<RoleBinding> roleBindings,
    List<ClusterRoleBinding> clusterRoleBindings,
    List<Gateway> gateways,
    List<HTTPRoute> httpRoutes,
    List<GRPCRoute> grpcRoutes,
    List<TLSRoute> tlsRoutes,
    List<TCPRoute> tcpRoutes,
    List<UDPRoute> udpRoutes,
    List<String> warnings,
    Map<ObjectRef, String> sources) {

  /**
   * @throws ManifestException when two objects have the same kind, namespace and name
   */
  public Manifests {
    namespaces = List.copyOf(namespaces);
    pods = List.copyOf(pods);
    deployments = List.copyOf(deployments);
    statefulSets = List.copyOf(statefulSets);
    daemonSets = List.copyOf(daemonSets);
    replicaSets = List.copyOf(replicaSets);
    replicationControllers = List.copyOf(replicationControllers);
    jobs = List.copyOf(jobs);
    cronJobs = List.copyOf(cronJobs);
    services = List.copyOf(services);
    configMaps = List.copyOf(configMaps);
    ingresses = List.copyOf(ingresses);
    networkPolicies = List.copyOf(networkPolicies);
    endpointSlices = List.copyOf(endpointSlices);
    serviceAccounts = List.copyOf(serviceAccounts);
    roleBindings = List.copyOf(roleBindings);
    clusterRoleBindings = List.copyOf(clusterRoleBindings);
    gateways = List.copyOf(gateways);
    httpRoutes = List.copyOf(httpRoutes);
    grpcRoutes = List.copyOf(grpcRoutes);
    tlsRoutes = List.copyOf(tlsRoutes);
    tcpRoutes = List.copyOf(tcpRoutes);
    udpRoutes = List.copyOf(udpRoutes);
    warnings = List.copyOf(warnings);
    sources = Collections.unmodifiableSortedMap(new TreeMap<>(sources));
    Map<ObjectRef, Boolean> seen = new HashMap<>();
    for (HasMetadata o :
        concat(
                List.of(
                    namespaces,
                    pods,
                    deployments,
                    statefulSets,
                    daemonSets,
                    replicaSets,
                    replicationControllers,
                    jobs,
                    cronJobs,
                    services,
                    configMaps,
                    ingresses,
                    networkPolicies,
                    endpointSlices,
                    serviceAccounts,
                    roleBindings,
                    clusterRoleBindings,
                    gateways,
                    httpRoutes,
                    grpcRoutes,
                    tlsRoutes,
                    tcpRoutes,
                    udpRoutes))
            .toList()) {
      ObjectRef ref = ObjectRef.of(o);
      if (seen.put(ref, Boolean.TRUE) != null) {
        throw new ManifestException(describe(sources.get(ref), ref) + ": duplicate object");
      }
    }
  }

  /** No objects, no warnings. */
  public static Manifests empty() {
    return builder().build();
  }

  /**
   * The given objects grouped by kind, in the given order, without sources or warnings. Namespaced
   * objects should carry their namespace.
   *
   * @throws IllegalArgumentException for an object of a kind netseg does not read
   * @throws ManifestException for two objects with the same kind, namespace and name
   */
  public static Manifests of(Collection<? extends HasMetadata> objects) {
    Builder b = builder();
    objects.forEach(b::add);
    return b.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Every object, kind by kind in the order of this record's components, each kind in order. */
  public List<HasMetadata> allObjects() {
    return stream().toList();
  }

  private Stream<HasMetadata> stream() {
    return concat(
        List.of(
            namespaces,
            pods,
            deployments,
            statefulSets,
            daemonSets,
            replicaSets,
            replicationControllers,
            jobs,
            cronJobs,
            services,
            configMaps,
            ingresses,
            networkPolicies,
            endpointSlices,
            serviceAccounts,
            roleBindings,
            clusterRoleBindings,
            gateways,
            httpRoutes,
            grpcRoutes,
            tlsRoutes,
            tcpRoutes,
            udpRoutes));
  }

  /** How many objects there are. */
  public int size() {
    return (int) stream().count();
  }

  /**
   * These objects followed by {@code other}'s, warnings and sources combined.
   *
   * @throws ManifestException when an object of {@code other} duplicates one of these, naming both
   *     places when they are known
   */
  public Manifests merge(Manifests other) {
    Set<ObjectRef> mine = new HashSet<>();
    allObjects().forEach(o -> mine.add(ObjectRef.of(o)));
    for (HasMetadata o : other.allObjects()) {
      ObjectRef ref = ObjectRef.of(o);
      if (mine.contains(ref)) {
        String here = sources.get(ref);
        String there = other.sources.get(ref);
        throw new ManifestException(
            describe(there, ref)
                + ": duplicate object"
                + (here == null ? "" : ", also defined at " + here));
      }
    }
    Builder b = builder();
    allObjects().forEach(o -> b.add(o, sources.get(ObjectRef.of(o))));
    other.allObjects().forEach(o -> b.add(o, other.sources.get(ObjectRef.of(o))));
    warnings.forEach(b::warning);
    other.warnings.forEach(b::warning);
    return b.build();
  }

  /** Where the object with this kind, namespace and name was loaded from, if it was loaded. */
  public Optional<String> sourceOf(HasMetadata object) {
    return Optional.ofNullable(sources.get(ObjectRef.of(object)));
  }

  /**
   * The names of every namespace these objects mention: Namespace objects and the namespaces of
   * namespaced objects, sorted.
   */
  public SortedSet<String> namespaceNames() {
    SortedSet<String> names = new TreeSet<>();
    for (HasMetadata o : allObjects()) {
      String name =
          o instanceof Namespace ? o.getMetadata().getName() : o.getMetadata().getNamespace();
      if (name != null && !name.isEmpty()) {
        names.add(name);
      }
    }
    return Collections.unmodifiableSortedSet(names);
  }

  static String describe(String source, ObjectRef ref) {
    return source == null ? ref.toString() : source + " (" + ref + ")";
  }

  private static Stream<HasMetadata> concat(List<List<? extends HasMetadata>> lists) {
    return lists.stream().flatMap(List::stream);
  }

  /** Collects objects by kind; {@link #build()} checks for duplicates. */
  public static final class Builder {
    private final Map<SupportedKinds, List<HasMetadata>> byKind = new HashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final Map<ObjectRef, String> sources = new HashMap<>();

    private Builder() {
      for (SupportedKinds k : SupportedKinds.all()) {
        byKind.put(k, new ArrayList<>());
      }
    }

    /**
     * @throws IllegalArgumentException for an object of a kind netseg does not read
     */
    public Builder add(HasMetadata object) {
      return add(object, null);
    }

    /**
     * @param source where it came from ({@code path#docIndex}), or null
     * @throws IllegalArgumentException for an object of a kind netseg does not read
     */
    public Builder add(HasMetadata object, String source) {
      SupportedKinds kind =
          SupportedKinds.forObject(object)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "not a kind netseg reads: " + object.getClass().getName()));
      byKind.get(kind).add(object);
      if (source != null) {
        sources.put(ObjectRef.of(object), source);
      }
      return this;
    }

    public Builder warning(String warning) {
      warnings.add(warning);
      return this;
    }

    /**
     * @throws ManifestException when two objects have the same kind, namespace and name
     */
    public Manifests build() {
      return new Manifests(
          list(SupportedKinds.NAMESPACE, Namespace.class),
          list(SupportedKinds.POD, Pod.class),
          list(SupportedKinds.DEPLOYMENT, Deployment.class),
          list(SupportedKinds.STATEFUL_SET, StatefulSet.class),
          list(SupportedKinds.DAEMON_SET, DaemonSet.class),
          list(SupportedKinds.REPLICA_SET, ReplicaSet.class),
          list(SupportedKinds.REPLICATION_CONTROLLER, ReplicationController.class),
          list(SupportedKinds.JOB, Job.class),
          list(SupportedKinds.CRON_JOB, CronJob.class),
          list(SupportedKinds.SERVICE, Service.class),
          list(SupportedKinds.CONFIG_MAP, ConfigMap.class),
          list(SupportedKinds.INGRESS, Ingress.class),
          list(SupportedKinds.NETWORK_POLICY, NetworkPolicy.class),
          list(SupportedKinds.ENDPOINT_SLICE, EndpointSlice.class),
          list(SupportedKinds.SERVICE_ACCOUNT, ServiceAccount.class),
          list(SupportedKinds.ROLE_BINDING, RoleBinding.class),
          list(SupportedKinds.CLUSTER_ROLE_BINDING, ClusterRoleBinding.class),
          list(SupportedKinds.GATEWAY, Gateway.class),
          list(SupportedKinds.HTTP_ROUTE, HTTPRoute.class),
          list(SupportedKinds.GRPC_ROUTE, GRPCRoute.class),
          list(SupportedKinds.TLS_ROUTE, TLSRoute.class),
          list(SupportedKinds.TCP_ROUTE, TCPRoute.class),
          list(SupportedKinds.UDP_ROUTE, UDPRoute.class),
          warnings,
          sources);
    }

    private <T extends HasMetadata> List<T> list(SupportedKinds kind, Class<T> type) {
      return byKind.get(kind).stream().map(type::cast).toList();
    }
  }
}
