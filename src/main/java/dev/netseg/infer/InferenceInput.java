package dev.netseg.infer;

import dev.netseg.model.RequiredFlow;
import dev.netseg.workload.Workload;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything inference reads: the workloads (from {@code dev.netseg.workload}), the objects that
 * say how they reach each other, the observed flows (already {@link RequiredFlow}s with provenance
 * {@code OBSERVED}) and explicit allow rules. Order does not matter: the result is the same for any
 * order of every list.
 */
public record InferenceInput(
    List<Workload> workloads,
    List<Service> services,
    List<ConfigMap> configMaps,
    List<Ingress> ingresses,
    List<EndpointSlice> endpointSlices,
    List<Namespace> namespaces,
    List<ServiceAccount> serviceAccounts,
    List<RoleBinding> roleBindings,
    List<ClusterRoleBinding> clusterRoleBindings,
    List<Gateway> gateways,
    List<HasMetadata> routes,
    List<RequiredFlow> observedFlows,
    List<AllowRule> allowRules) {

  public InferenceInput {
    workloads = List.copyOf(workloads);
    services = List.copyOf(services);
    configMaps = List.copyOf(configMaps);
    ingresses = List.copyOf(ingresses);
    endpointSlices = List.copyOf(endpointSlices);
    namespaces = List.copyOf(namespaces);
    serviceAccounts = List.copyOf(serviceAccounts);
    roleBindings = List.copyOf(roleBindings);
    clusterRoleBindings = List.copyOf(clusterRoleBindings);
    gateways = List.copyOf(gateways);
    routes = List.copyOf(routes);
    observedFlows = List.copyOf(observedFlows);
    allowRules = List.copyOf(allowRules);
  }

  /**
   * Every namespace the input names: Namespace objects, and the namespaces of the workloads and
   * Services.
   */
  public java.util.Set<String> namespaceNames() {
    java.util.Set<String> names = new java.util.HashSet<>();
    namespaces.forEach(n -> names.add(n.getMetadata().getName()));
    workloads.forEach(w -> names.add(w.ref().namespace()));
    services.forEach(s -> names.add(ServiceBackends.namespace(s)));
    return names;
  }

  /**
   * Builds the input from loaded objects: Services, ConfigMaps, Ingresses (networking/v1),
   * EndpointSlices (discovery/v1), Namespaces, ServiceAccounts, RoleBindings and
   * ClusterRoleBindings (rbac/v1), Gateways and Gateway API routes are picked out of {@code
   * objects}; anything else (the workloads' own manifests, Secrets, ...) is ignored.
   */
  public static InferenceInput of(
      List<Workload> workloads,
      List<? extends HasMetadata> objects,
      List<RequiredFlow> observedFlows,
      List<AllowRule> allowRules) {
    List<Service> services = new ArrayList<>();
    List<ConfigMap> configMaps = new ArrayList<>();
    List<Ingress> ingresses = new ArrayList<>();
    List<EndpointSlice> slices = new ArrayList<>();
    List<Namespace> namespaces = new ArrayList<>();
    List<ServiceAccount> accounts = new ArrayList<>();
    List<RoleBinding> roleBindings = new ArrayList<>();
    List<ClusterRoleBinding> clusterRoleBindings = new ArrayList<>();
    List<Gateway> gateways = new ArrayList<>();
    List<HasMetadata> routes = new ArrayList<>();
    for (HasMetadata o : objects) {
      if (o instanceof Service s) {
        services.add(s);
      } else if (o instanceof ConfigMap c) {
        configMaps.add(c);
      } else if (o instanceof Ingress i) {
        ingresses.add(i);
      } else if (o instanceof EndpointSlice e) {
        slices.add(e);
      } else if (o instanceof Namespace n) {
        namespaces.add(n);
      } else if (o instanceof ServiceAccount a) {
        accounts.add(a);
      } else if (o instanceof RoleBinding b) {
        roleBindings.add(b);
      } else if (o instanceof ClusterRoleBinding b) {
        clusterRoleBindings.add(b);
      } else if (o instanceof Gateway g) {
        gateways.add(g);
      } else if (GatewayRoutes.isRoute(o)) {
        routes.add(o);
      }
    }
    return new InferenceInput(
        workloads,
        services,
        configMaps,
        ingresses,
        slices,
        namespaces,
        accounts,
        roleBindings,
        clusterRoleBindings,
        gateways,
        routes,
        observedFlows,
        allowRules);
  }
}
