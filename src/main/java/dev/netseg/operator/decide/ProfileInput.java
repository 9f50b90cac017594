package dev.netseg.operator.decide;

import dev.netseg.manifest.Manifests;
import dev.netseg.model.RequiredFlow;
import dev.netseg.operator.plan.Ownership;
import dev.netseg.operator.profile.ProfileSettings;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the decision for one profile reads, gathered by the reconciler from its caches.
 *
 * @param owner the profile
 * @param generation the profile's metadata.generation
 * @param settings the validated spec
 * @param siblings the other valid profiles of the same namespace, by name (for conflicts)
 * @param cluster every object the operator watches (all watched namespaces: peers in other
 *     namespaces matter), including every NetworkPolicy
 * @param observed learned edges as required flows with OBSERVED provenance
 * @param knowledge learning period and flow source health
 * @param now the time of this decision
 */
public record ProfileInput(
    Ownership.Owner owner,
    long generation,
    ProfileSettings settings,
    Map<String, ProfileSettings> siblings,
    Manifests cluster,
    List<RequiredFlow> observed,
    Knowledge knowledge,
    Instant now) {
  public ProfileInput {
    siblings = Map.copyOf(siblings);
    observed = List.copyOf(observed);
  }

  public String namespace() {
    return owner.namespace();
  }
}
