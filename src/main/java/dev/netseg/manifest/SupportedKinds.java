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
import java.util.List;
import java.util.Optional;

/**
 * The kinds netseg reads, each at the one API version it understands (Gateway API kinds also at the
 * older versions still served, whose fields netseg reads have the same shape). Anything else is
 * skipped: older versions of these kinds (extensions/v1beta1 Ingress, ...) have different shapes,
 * and a kind of the same name in another group (a Knative Service) is a different thing altogether.
 */
enum SupportedKinds {
  NAMESPACE("v1", "Namespace", Namespace.class, false),
  POD("v1", "Pod", Pod.class, true),
  DEPLOYMENT("apps/v1", "Deployment", Deployment.class, true),
  STATEFUL_SET("apps/v1", "StatefulSet", StatefulSet.class, true),
  DAEMON_SET("apps/v1", "DaemonSet", DaemonSet.class, true),
  REPLICA_SET("apps/v1", "ReplicaSet", ReplicaSet.class, true),
  REPLICATION_CONTROLLER("v1", "ReplicationController", ReplicationController.class, true),
  JOB("batch/v1", "Job", Job.class, true),
  CRON_JOB("batch/v1", "CronJob", CronJob.class, true),
  SERVICE("v1", "Service", Service.class, true),
  CONFIG_MAP("v1", "ConfigMap", ConfigMap.class, true),
  INGRESS("networking.k8s.io/v1", "Ingress", Ingress.class, true),
  NETWORK_POLICY("networking.k8s.io/v1", "NetworkPolicy", NetworkPolicy.class, true),
  ENDPOINT_SLICE("discovery.k8s.io/v1", "EndpointSlice", EndpointSlice.class, true),
  SERVICE_ACCOUNT("v1", "ServiceAccount", ServiceAccount.class, true),
  ROLE_BINDING("rbac.authorization.k8s.io/v1", "RoleBinding", RoleBinding.class, true),
  CLUSTER_ROLE_BINDING(
      "rbac.authorization.k8s.io/v1", "ClusterRoleBinding", ClusterRoleBinding.class, false),
  // Gateway API: the versions still served read into the newest model, whose shape netseg's
  // fields (parentRefs, backendRefs) have kept.
  GATEWAY(
      "gateway.networking.k8s.io/v1",
      "Gateway",
      Gateway.class,
      true,
      "gateway.networking.k8s.io/v1beta1"),
  HTTP_ROUTE(
      "gateway.networking.k8s.io/v1",
      "HTTPRoute",
      HTTPRoute.class,
      true,
      "gateway.networking.k8s.io/v1beta1"),
  GRPC_ROUTE(
      "gateway.networking.k8s.io/v1",
      "GRPCRoute",
      GRPCRoute.class,
      true,
      "gateway.networking.k8s.io/v1alpha2"),
  TLS_ROUTE(
      "gateway.networking.k8s.io/v1alpha2",
      "TLSRoute",
      TLSRoute.class,
      true,
      "gateway.networking.k8s.io/v1alpha3"),
  TCP_ROUTE("gateway.networking.k8s.io/v1alpha2", "TCPRoute", TCPRoute.class, true),
  UDP_ROUTE("gateway.networking.k8s.io/v1alpha2", "UDPRoute", UDPRoute.class, true);

  final String apiVersion;
  final List<String> otherVersions;
  final String kind;
  final Class<? extends HasMetadata> type;
  final boolean namespaced;

  SupportedKinds(
      String apiVersion,
      String kind,
      Class<? extends HasMetadata> type,
      boolean namespaced,
      String... otherVersions) {
    this.apiVersion = apiVersion;
    this.otherVersions = List.of(otherVersions);
    this.kind = kind;
    this.type = type;
    this.namespaced = namespaced;
  }

  static Optional<SupportedKinds> find(String apiVersion, String kind) {
    for (SupportedKinds k : values()) {
      if (k.kind.equals(kind)
          && (k.apiVersion.equals(apiVersion) || k.otherVersions.contains(apiVersion))) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  static Optional<SupportedKinds> findByKind(String kind) {
    for (SupportedKinds k : values()) {
      if (k.kind.equals(kind)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  static Optional<SupportedKinds> forObject(HasMetadata object) {
    for (SupportedKinds k : values()) {
      if (k.type.isInstance(object)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  static List<SupportedKinds> all() {
    return List.of(values());
  }
}
