package dev.netseg.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What {@code kubectl explain} shows: every kind, and every field of every version of every CRD,
 * has a description, and no description still speaks of the ConfigMaps netseg no longer writes.
 */
class CrdDescriptionsTest {
  /**
   * The only fields whose description may name ConfigMaps: manifest evidence reads Service
   * references out of the application's ConfigMaps. netseg itself keeps nothing in a ConfigMap
   * (proposals are PolicyProposals, learned edges LearnedEdges).
   */
  private static final Set<String> MAY_NAME_CONFIGMAPS =
      Set.of("segmentationprofiles.netseg.dev/v1alpha1: spec.learning.sources");

  @Test
  void theWalkReachesNestedFieldsOfEveryCrd() throws IOException {
    assertThat(CrdSchemas.files()).hasSize(3);
    assertThat(CrdSchemas.explained())
        .containsKeys(
            "segmentationprofiles.netseg.dev/v1alpha1: (kind SegmentationProfile)",
            "segmentationprofiles.netseg.dev/v1alpha1: spec.segments.*.podSelector.matchLabels",
            "segmentationprofiles.netseg.dev/v1alpha1: spec.allow[].egress",
            "segmentationprofiles.netseg.dev/v1alpha1: status.conditions[].reason",
            "policyproposals.netseg.dev/v1alpha1: spec.yaml",
            "learnededges.netseg.dev/v1alpha1: spec.data");
  }

  @Test
  void everyKindAndFieldHasADescription() throws IOException {
    List<String> missing = new ArrayList<>();
    CrdSchemas.explained()
        .forEach(
            (path, schema) -> {
              if (CrdSchemas.description(schema).isBlank()) {
                missing.add(path);
              }
            });
    assertThat(missing).as("fields without a description (kubectl explain shows none)").isEmpty();
  }

  @Test
  void noDescriptionSpeaksOfConfigMapsWhereNetsegKeepsNone() throws IOException {
    List<String> wrong = new ArrayList<>();
    CrdSchemas.explained()
        .forEach(
            (path, schema) -> {
              String description = CrdSchemas.description(schema);
              if (description.contains("ConfigMap") && !MAY_NAME_CONFIGMAPS.contains(path)) {
                wrong.add(path + ": " + description);
              }
            });
    assertThat(wrong).as("descriptions naming a ConfigMap where netseg keeps none").isEmpty();
  }
}
