package dev.netseg.operator.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.operator.crd.SegmentationProfileSpec;
import dev.netseg.segment.SegmentMode;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

class ProfileSegmentsTest {
  private static ProfileValidator.Result validate(String spec) {
    return new ProfileValidator(java.util.Set.of())
        .validate(Serialization.unmarshal(spec, SegmentationProfileSpec.class));
  }

  @Test
  void segmentsOfTheSpecBecomeTheSettingsSegmentation() {
    ProfileValidator.Result r =
        validate(
            """
            segmentMode: intent
            segments: {web: {podSelector: {matchLabels: {tier: web}}}}
            segmentRules: [{allow: {from: web, to: external, ports: [{port: 443}]}}]
            """);

    var s = r.settings().orElseThrow().segmentation();
    assertThat(s.mode()).isEqualTo(SegmentMode.INTENT);
    assertThat(s.rules()).singleElement().hasToString("rules[0] allow web -> external TCP 443");
  }

  @Test
  void badSegmentRuleMakesTheSpecInvalidNamingTheField() {
    ProfileValidator.Result r =
        validate(
            """
            segments: {web: {podSelector: {matchLabels: {tier: web}}}}
            segmentRules: [{deny: {from: web, to: db}}]
            """);

    assertThat(r.settings()).isEmpty();
    assertThat(r.problems())
        .containsExactly(
            "spec.segmentRules[0].deny.to: unknown segment \"db\" (segments: *, external,"
                + " unsegmented, web)");
  }
}
