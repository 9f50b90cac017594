package dev.netseg.operator.crd;

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
@Group(SegmentationProfile.GROUP)
@Version(SegmentationProfile.VERSION)
@Kind("LearnedEdges")
@Plural("learnededges")
@Singular("learnededges")
public class LearnedEdges extends CustomResource<LearnedEdgesSpec, Void> implements Namespaced {
  private static final long serialVersionUID = 1L;
}
