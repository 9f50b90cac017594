package dev.netseg.operator.decide;

import dev.netseg.manifest.Manifests;
import dev.netseg.model.RequiredFlow;
import dev.netseg.operator.crd.SegmentationProfile;
import dev.netseg.operator.plan.Ownership;
import dev.netseg.operator.profile.ProfileSettings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

  /**
   * The input for {@code profile} as the object stands: its owner, generation and learning start
   * are read from it, as the reconciler and {@code netseg map --profile} read them.
   *
   * @param unavailableSources the flow sources the profile uses that are down, with why
   */
  public static ProfileInput of(
      SegmentationProfile profile,
      ProfileSettings settings,
      Map<String, ProfileSettings> siblings,
      Manifests cluster,
      List<RequiredFlow> observed,
      List<String> unavailableSources,
      Instant now) {
    return new ProfileInput(
        ownerOf(profile),
        generation(profile),
        settings,
        siblings,
        cluster,
        observed,
        new Knowledge(learningSince(profile, now), unavailableSources),
        now);
  }

  /** When learning started for {@code profile}: as its status records it, else now. */
  public static Instant learningSince(SegmentationProfile profile, Instant now) {
    var status = profile.getStatus();
    return status != null && status.getLearningSince() != null
        ? Instant.parse(status.getLearningSince())
        : now;
  }

  /** The profile's metadata.generation (0 before the API server set one). */
  public static long generation(SegmentationProfile profile) {
    return Optional.ofNullable(profile.getMetadata().getGeneration()).orElse(0L);
  }

  /** The profile as the owner of what netseg writes for it. */
  public static Ownership.Owner ownerOf(SegmentationProfile p) {
    return new Ownership.Owner(
        SegmentationProfile.GROUP + "/" + SegmentationProfile.VERSION,
        "SegmentationProfile",
        p.getMetadata().getNamespace(),
        p.getMetadata().getName(),
        p.getMetadata().getUid());
  }

  public String namespace() {
    return owner.namespace();
  }
}
