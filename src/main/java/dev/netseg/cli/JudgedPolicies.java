package dev.netseg.cli;

import dev.netseg.manifest.Manifests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The policies a command judges: the given ones, plus those of the manifests that no given policy
 * replaces (same namespace and name), as they would stand together in a cluster.
 */
final class JudgedPolicies {
  private JudgedPolicies() {}

  static List<NetworkPolicy> combine(List<NetworkPolicy> given, Manifests manifests) {
    Set<String> givenNames = given.stream().map(JudgedPolicies::key).collect(Collectors.toSet());
    List<NetworkPolicy> all = new ArrayList<>(given);
    manifests.networkPolicies().stream()
        .filter(p -> !givenNames.contains(key(p)))
        .forEach(all::add);
    return all;
  }

  /** The manifests' objects with their policies replaced by {@code policies}. */
  static Manifests withPolicies(Manifests manifests, List<NetworkPolicy> policies) {
    Manifests.Builder b = Manifests.builder();
    for (HasMetadata o : manifests.allObjects()) {
      if (!(o instanceof NetworkPolicy)) {
        b.add(o, manifests.sourceOf(o).orElse(null));
      }
    }
    policies.forEach(b::add);
    return b.build();
  }

  private static String key(NetworkPolicy p) {
    return p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
  }
}
