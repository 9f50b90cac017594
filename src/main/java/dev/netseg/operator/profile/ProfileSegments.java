package dev.netseg.operator.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netseg.operator.crd.SegmentationProfileSpec;
import dev.netseg.segment.Segmentation;
import dev.netseg.segment.SegmentationParser;

/**
 * A profile's {@code segments}, {@code segmentRules} and {@code segmentMode} as a {@link
 * Segmentation}: the same checks as the CLI's segments file, with the spec's field names.
 */
final class ProfileSegments {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ProfileSegments() {}

  /**
   * @throws dev.netseg.segment.SegmentationException naming the spec field
   */
  static Segmentation of(SegmentationProfileSpec spec) {
    if (spec.getSegments() == null
        && spec.getSegmentRules() == null
        && spec.getSegmentMode() == null) {
      return Segmentation.none();
    }
    return SegmentationParser.parse(
        tree(spec.getSegmentMode()),
        tree(spec.getSegments()),
        tree(spec.getSegmentRules()),
        "",
        "spec.segmentMode",
        "spec.segments",
        "spec.segmentRules");
  }

  private static JsonNode tree(Object value) {
    return value == null ? null : JSON.valueToTree(value);
  }
}
