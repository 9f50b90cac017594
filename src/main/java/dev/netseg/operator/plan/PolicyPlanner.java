package dev.netseg.operator.plan;

import dev.netseg.synth.ArgoCdAnnotations;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Compares the desired policies of a profile with what is in its namespace and decides the writes.
 * Pure: it never calls the API server, so every rule about what netseg may touch is tested here.
 */
public final class PolicyPlanner {

  /**
   * @param owner the profile
   * @param desired the policies the profile wants (names unique; namespace = the profile's)
   * @param existing every NetworkPolicy currently in the namespace, owned or not
   */
  public PolicyPlan plan(
      Ownership.Owner owner, List<NetworkPolicy> desired, List<NetworkPolicy> existing) {
    Map<String, NetworkPolicy> existingByName = new HashMap<>();
    for (NetworkPolicy p : existing) {
      existingByName.put(p.getMetadata().getName(), p);
    }
    List<NetworkPolicy> apply = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    List<PolicyPlan.Clash> clashes = new ArrayList<>();
    Map<String, NetworkPolicy> wanted = new TreeMap<>();
    for (NetworkPolicy d : desired) {
      wanted.put(d.getMetadata().getName(), stamped(owner, d));
    }
    for (NetworkPolicy d : wanted.values()) {
      NetworkPolicy current = existingByName.get(d.getMetadata().getName());
      if (current == null) {
        apply.add(d);
      } else if (!Ownership.isOwnedBy(current, owner)) {
        clashes.add(new PolicyPlan.Clash(d.getMetadata().getName(), describeOwner(current)));
      } else if (PolicyComparison.sameContent(d, current)) {
        unchanged.add(d.getMetadata().getName());
      } else {
        apply.add(d);
      }
    }
    // Each write takes effect on its own: a policy that only isolates (no rules, a default deny)
    // goes after every policy that allows, or it would block what they allow until they follow.
    apply.sort(Comparator.comparing(PolicyPlanner::onlyIsolates));
    Set<String> wantedNames = wanted.keySet();
    List<NetworkPolicy> delete =
        existing.stream()
            .filter(p -> Ownership.isOwnedBy(p, owner))
            .filter(p -> !wantedNames.contains(p.getMetadata().getName()))
            .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
            .toList();
    return new PolicyPlan(apply, delete, unchanged, clashes);
  }

  /**
   * The desired policy with netseg's labels, the owner reference to the profile and the Argo CD
   * annotations ({@link ArgoCdAnnotations}): the policy lives only in the cluster, so an Argo CD
   * Application that syncs the profile must neither prune it nor count it as out of sync. Argo CD's
   * tracking label and annotation are dropped should they ever reach it, since they would make Argo
   * CD treat the policy as part of the Application's Git state.
   */
  static NetworkPolicy stamped(Ownership.Owner owner, NetworkPolicy desired) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (desired.getMetadata().getLabels() != null) {
      labels.putAll(desired.getMetadata().getLabels());
    }
    labels.remove(ArgoCdAnnotations.TRACKING_LABEL);
    labels.putAll(Ownership.labels(owner));
    Map<String, String> annotations = new LinkedHashMap<>();
    if (desired.getMetadata().getAnnotations() != null) {
      annotations.putAll(desired.getMetadata().getAnnotations());
    }
    annotations.remove(ArgoCdAnnotations.TRACKING_ANNOTATION);
    annotations.putAll(ArgoCdAnnotations.asMap());
    return new NetworkPolicyBuilder(desired)
        .withMetadata(
            new ObjectMetaBuilder(desired.getMetadata())
                .withNamespace(owner.namespace())
                .withLabels(new TreeMap<>(labels))
                .withAnnotations(new TreeMap<>(annotations))
                .withOwnerReferences(List.of(Ownership.referenceTo(owner)))
                .build())
        .build();
  }

  /** Whether the policy has no rule at all: it isolates the pods it selects and allows nothing. */
  static boolean onlyIsolates(NetworkPolicy p) {
    return p.getSpec() == null
        || ((p.getSpec().getIngress() == null || p.getSpec().getIngress().isEmpty())
            && (p.getSpec().getEgress() == null || p.getSpec().getEgress().isEmpty()));
  }

  /**
   * Who the policy belongs to, in words for the clash message. Ownership is an owner reference,
   * never the managed-by label alone: a policy that only carries netseg's label (copied by hand,
   * restored from a backup, written by another tool) is said to be not owned.
   */
  private static String describeOwner(NetworkPolicy p) {
    List<OwnerReference> refs = p.getMetadata().getOwnerReferences();
    if (refs != null && !refs.isEmpty()) {
      return "owned by "
          + refs.stream()
              .map(r -> r.getKind() + "/" + r.getName())
              .collect(Collectors.joining(", "));
    }
    Map<String, String> labels = p.getMetadata().getLabels();
    String manager = labels == null ? null : labels.get(Ownership.MANAGED_BY_LABEL);
    if (Ownership.MANAGED_BY_VALUE.equals(manager)) {
      return "labelled "
          + Ownership.MANAGED_BY_LABEL
          + "="
          + manager
          + " but owned by no profile (it has no owner reference), so netseg does not own it";
    }
    return manager == null ? "not managed by netseg" : "managed by " + manager;
  }
}
