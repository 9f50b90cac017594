package dev.netseg.operator.plan;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What marks a NetworkPolicy as netseg's: an owner reference to the profile (by UID). Labels alone
 * never make a policy ours, since anyone can copy labels; the owner reference is also what lets
 * Kubernetes garbage-collect the policies with their profile.
 */
public final class Ownership {
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY_VALUE = "netseg";
  public static final String PROFILE_LABEL = "netseg.dev/profile";

  private Ownership() {}

  /** The profile a plan is made for. */
  public record Owner(String apiVersion, String kind, String namespace, String name, String uid) {}

  public static boolean isOwnedBy(HasMetadata object, Owner owner) {
    List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
    return refs != null
        && refs.stream()
            .anyMatch(r -> owner.uid().equals(r.getUid()) && owner.kind().equals(r.getKind()));
  }

  /**
   * The complete set of policies in force once {@code owner}'s proposal is written: every policy it
   * does not own stays, its own are replaced by {@code proposed}, and a proposed policy whose name
   * a policy it does not own holds in its namespace is never written. What the safety gate and
   * {@code netseg map --profile} judge.
   *
   * @param inCluster every NetworkPolicy of the cluster
   */
  public static List<NetworkPolicy> inForceOnceWritten(
      List<NetworkPolicy> inCluster, Owner owner, List<NetworkPolicy> proposed) {
    List<NetworkPolicy> others = inCluster.stream().filter(p -> !isOwnedBy(p, owner)).toList();
    Set<String> taken =
        others.stream()
            .filter(p -> owner.namespace().equals(p.getMetadata().getNamespace()))
            .map(p -> p.getMetadata().getName())
            .collect(Collectors.toSet());
    List<NetworkPolicy> resulting = new ArrayList<>(others);
    proposed.stream()
        .filter(p -> !taken.contains(p.getMetadata().getName()))
        .forEach(resulting::add);
    return resulting;
  }

  public static OwnerReference referenceTo(Owner owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.apiVersion())
        .withKind(owner.kind())
        .withName(owner.name())
        .withUid(owner.uid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  public static Map<String, String> labels(Owner owner) {
    return Map.of(MANAGED_BY_LABEL, MANAGED_BY_VALUE, PROFILE_LABEL, owner.name());
  }
}
