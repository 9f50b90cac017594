package dev.netseg.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaSwap;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Learned edges of a profile, persisted in chunks so that a restart or a leader change loses
 * nothing. Owned by the profile; netseg's own kind, so that the operator needs no write access to
 * ConfigMaps.
 */
@SchemaCustomizer(
    value = KindDescription.class,
    input =
        "One chunk of the connections netseg learned from observed flows for a"
            + " SegmentationProfile, stored so that a restart or a change of leader loses"
            + " nothing. Written and read by netseg only; owned by the profile, so deleted with"
            + " it.")
// No status: everything is in spec. Left out of the schema, so kubectl explain shows no field
// that is never set.
@SchemaSwap(originalType = LearnedEdges.class, fieldName = "status")
@Group(SegmentationProfile.GROUP)
@Version(SegmentationProfile.VERSION)
@Kind("LearnedEdges")
@Plural("learnededges")
@Singular("learnededges")
public class LearnedEdges extends CustomResource<LearnedEdgesSpec, Void> implements Namespaced {
  private static final long serialVersionUID = 1L;

  @Override
  @JsonPropertyDescription(
      "Which profile and which complete write (epoch) the chunk belongs to, and its data.")
  public LearnedEdgesSpec getSpec() {
    return super.getSpec();
  }
}
