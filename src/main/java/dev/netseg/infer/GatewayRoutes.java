package dev.netseg.infer;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1alpha2.TCPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1alpha2.TCPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1alpha2.TLSRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1alpha2.TLSRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1alpha2.UDPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1alpha2.UDPRouteRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The parts of a Gateway API route netseg reads, whatever its kind (HTTPRoute, GRPCRoute, TLSRoute,
 * TCPRoute, UDPRoute): the Gateways it attaches to and the backends it sends to.
 */
final class GatewayRoutes {
  /**
   * One backendRef.
   *
   * @param field where it is, {@code rules[0].backendRefs[1]}
   * @param group its group ({@code ""} for the core group, a Service's)
   * @param kind its kind ({@code Service} when not written)
   * @param namespace its namespace ({@code null}: the route's)
   * @param port the Service port, or null
   */
  record Backend(
      String field, String group, String kind, String name, String namespace, Integer port) {
    boolean isService() {
      return (group == null || group.isEmpty()) && (kind == null || kind.equals("Service"));
    }
  }

  private GatewayRoutes() {}

  static boolean isRoute(HasMetadata o) {
    return o instanceof HTTPRoute
        || o instanceof GRPCRoute
        || o instanceof TLSRoute
        || o instanceof TCPRoute
        || o instanceof UDPRoute;
  }

  /** The route's parentRefs; empty when it names none. */
  static List<ParentReference> parents(HasMetadata route) {
    List<ParentReference> refs = null;
    if (route instanceof HTTPRoute r && r.getSpec() != null) {
      refs = r.getSpec().getParentRefs();
    } else if (route instanceof GRPCRoute r && r.getSpec() != null) {
      refs = r.getSpec().getParentRefs();
    } else if (route instanceof TLSRoute r && r.getSpec() != null) {
      refs = r.getSpec().getParentRefs();
    } else if (route instanceof TCPRoute r && r.getSpec() != null) {
      refs = r.getSpec().getParentRefs();
    } else if (route instanceof UDPRoute r && r.getSpec() != null) {
      refs = r.getSpec().getParentRefs();
    }
    return refs == null ? List.of() : refs.stream().filter(Objects::nonNull).toList();
  }

  /** Every backendRef of every rule, in order. */
  static List<Backend> backends(HasMetadata route) {
    List<Backend> out = new ArrayList<>();
    if (route instanceof HTTPRoute r && r.getSpec() != null) {
      List<HTTPRouteRule> rules = orEmpty(r.getSpec().getRules());
      for (int i = 0; i < rules.size(); i++) {
        List<HTTPBackendRef> refs = orEmpty(rules.get(i).getBackendRefs());
        for (int j = 0; j < refs.size(); j++) {
          HTTPBackendRef b = refs.get(j);
          out.add(
              backend(i, j, b.getGroup(), b.getKind(), b.getName(), b.getNamespace(), b.getPort()));
        }
      }
    } else if (route instanceof GRPCRoute r && r.getSpec() != null) {
      List<GRPCRouteRule> rules = orEmpty(r.getSpec().getRules());
      for (int i = 0; i < rules.size(); i++) {
        List<GRPCBackendRef> refs = orEmpty(rules.get(i).getBackendRefs());
        for (int j = 0; j < refs.size(); j++) {
          GRPCBackendRef b = refs.get(j);
          out.add(
              backend(i, j, b.getGroup(), b.getKind(), b.getName(), b.getNamespace(), b.getPort()));
        }
      }
    } else if (route instanceof TLSRoute r && r.getSpec() != null) {
      List<TLSRouteRule> rules = orEmpty(r.getSpec().getRules());
      for (int i = 0; i < rules.size(); i++) {
        plain(i, rules.get(i).getBackendRefs(), out);
      }
    } else if (route instanceof TCPRoute r && r.getSpec() != null) {
      List<TCPRouteRule> rules = orEmpty(r.getSpec().getRules());
      for (int i = 0; i < rules.size(); i++) {
        plain(i, rules.get(i).getBackendRefs(), out);
      }
    } else if (route instanceof UDPRoute r && r.getSpec() != null) {
      List<UDPRouteRule> rules = orEmpty(r.getSpec().getRules());
      for (int i = 0; i < rules.size(); i++) {
        plain(i, rules.get(i).getBackendRefs(), out);
      }
    }
    return out;
  }

  private static void plain(int rule, List<BackendRef> refs, List<Backend> out) {
    List<BackendRef> list = orEmpty(refs);
    for (int j = 0; j < list.size(); j++) {
      BackendRef b = list.get(j);
      out.add(
          backend(rule, j, b.getGroup(), b.getKind(), b.getName(), b.getNamespace(), b.getPort()));
    }
  }

  private static Backend backend(
      int rule, int ref, String group, String kind, String name, String namespace, Integer port) {
    return new Backend(
        "rules[" + rule + "].backendRefs[" + ref + "]", group, kind, name, namespace, port);
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list.stream().filter(Objects::nonNull).toList();
  }
}
