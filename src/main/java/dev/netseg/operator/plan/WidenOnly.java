package dev.netseg.operator.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * While netseg's knowledge is incomplete (a flow source is down, or the learning period has not
 * passed), a change may only add allowances. This merges a desired set into the applied one so that
 * every connection the applied set allowed stays allowed:
 *
 * <ul>
 *   <li>an applied policy is never dropped;
 *   <li>a desired policy with the same name and pod selector adds its rules to the applied one, but
 *       only for the directions the applied one already isolates (a new direction would isolate
 *       pods that were open);
 *   <li>a desired policy with a new name, or a changed selector, is held back: it would isolate
 *       pods that were open.
 * </ul>
 *
 * Policies are additive, so a union of rules under the same selector allows a superset.
 */
public final class WidenOnly {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private WidenOnly() {}

  /** The merged set and what was held back, by name. */
  public record Result(List<NetworkPolicy> policies, List<String> heldBack) {
    public Result {
      policies = List.copyOf(policies);
      heldBack = List.copyOf(heldBack);
    }
  }

  public static Result merge(List<NetworkPolicy> applied, List<NetworkPolicy> desired) {
    Map<String, NetworkPolicy> desiredByName = byName(desired);
    Map<String, NetworkPolicy> appliedByName = byName(applied);
    List<NetworkPolicy> out = new ArrayList<>();
    List<String> heldBack = new ArrayList<>();
    for (NetworkPolicy old : appliedByName.values()) {
      NetworkPolicy wanted = desiredByName.get(old.getMetadata().getName());
      if (wanted == null || !sameSelector(old, wanted)) {
        out.add(old);
        if (wanted != null) {
          heldBack.add(wanted.getMetadata().getName());
        }
        continue;
      }
      out.add(union(old, wanted));
    }
    for (NetworkPolicy wanted : desiredByName.values()) {
      if (!appliedByName.containsKey(wanted.getMetadata().getName())) {
        heldBack.add(wanted.getMetadata().getName());
      }
    }
    return new Result(out, heldBack.stream().sorted().toList());
  }

  private static NetworkPolicy union(NetworkPolicy old, NetworkPolicy wanted) {
    List<String> types = effectiveTypes(old);
    var spec = old.getSpec();
    var builder = new NetworkPolicyBuilder(old);
    if (types.contains("Ingress")) {
      builder
          .editSpec()
          .withIngress(unionRules(spec.getIngress(), wanted.getSpec().getIngress()))
          .endSpec();
    }
    if (types.contains("Egress")) {
      builder
          .editSpec()
          .withEgress(unionRules(spec.getEgress(), wanted.getSpec().getEgress()))
          .endSpec();
    }
    return builder.editSpec().withPolicyTypes(types).endSpec().build();
  }

  private static <T> List<T> unionRules(List<T> old, List<T> wanted) {
    Set<JsonNode> seen = new LinkedHashSet<>();
    List<T> out = new ArrayList<>();
    for (List<T> list : List.of(nullToEmpty(old), nullToEmpty(wanted))) {
      for (T rule : list) {
        if (seen.add(MAPPER.valueToTree(rule))) {
          out.add(rule);
        }
      }
    }
    return out;
  }

  private static <T> List<T> nullToEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  /** policyTypes as the API server defaults them. */
  static List<String> effectiveTypes(NetworkPolicy p) {
    List<String> types = p.getSpec().getPolicyTypes();
    if (types != null && !types.isEmpty()) {
      return List.copyOf(types);
    }
    List<String> out = new ArrayList<>(List.of("Ingress"));
    if (p.getSpec().getEgress() != null && !p.getSpec().getEgress().isEmpty()) {
      out.add("Egress");
    }
    return out;
  }

  private static boolean sameSelector(NetworkPolicy a, NetworkPolicy b) {
    JsonNode sa = MAPPER.valueToTree(a.getSpec().getPodSelector());
    JsonNode sb = MAPPER.valueToTree(b.getSpec().getPodSelector());
    return sa.equals(sb);
  }

  private static Map<String, NetworkPolicy> byName(List<NetworkPolicy> policies) {
    Map<String, NetworkPolicy> m = new TreeMap<>();
    policies.forEach(p -> m.put(p.getMetadata().getName(), p));
    return m;
  }
}
