package dev.netseg.operator.plan;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;

/**
 * The writes that bring a namespace's NetworkPolicies to a desired set, for one profile.
 *
 * @param apply desired policies that are missing or differ (to be server-side applied)
 * @param delete owned policies that are no longer desired
 * @param unchanged names of desired policies already in place
 * @param clashes desired policies whose name is taken by a policy netseg does not own: never
 *     written, reported instead
 */
public record PolicyPlan(
    List<NetworkPolicy> apply,
    List<NetworkPolicy> delete,
    List<String> unchanged,
    List<Clash> clashes) {

  /** A name netseg wanted that belongs to someone else. */
  public record Clash(String name, String owner) {}

  public PolicyPlan {
    apply = List.copyOf(apply);
    delete = List.copyOf(delete);
    unchanged = List.copyOf(unchanged);
    clashes = List.copyOf(clashes);
  }

  public boolean isNoop() {
    return apply.isEmpty() && delete.isEmpty();
  }
}
