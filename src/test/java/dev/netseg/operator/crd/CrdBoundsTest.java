package dev.netseg.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netseg.operator.decide.ProfileDecider;
import dev.netseg.operator.profile.WorkloadNameWarnings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The API server refuses absurd objects at once: every list and map in every CRD has a bound,
 * documented in its description, and formats that a pattern can express (durations, names, CIDRs,
 * label values) are checked by the schema. The bounds of what netseg writes in status hold what it
 * writes.
 */
class CrdBoundsTest {
  private static final String PROFILE = "segmentationprofiles.netseg.dev/v1alpha1: ";

  @Test
  void everyListAndMapHasADocumentedBound() throws IOException {
    List<String> wrong = new ArrayList<>();
    CrdSchemas.explained()
        .forEach(
            (path, schema) -> {
              String bound =
                  "array".equals(schema.path("type").asText())
                      ? "maxItems"
                      : schema.has("additionalProperties") ? "maxProperties" : null;
              if (bound == null) {
                return;
              }
              if (!schema.has(bound)) {
                wrong.add(path + ": no " + bound);
              } else if (!CrdSchemas.description(schema)
                  .toLowerCase(Locale.ROOT)
                  .contains("at most " + schema.get(bound).asLong())) {
                wrong.add(
                    path + ": description does not say \"at most " + schema.get(bound) + "\"");
              }
            });
    assertThat(wrong).isEmpty();
  }

  @Test
  void durationsAreCheckedByTheSchema() throws IOException {
    Map<String, JsonNode> fields = CrdSchemas.explained();
    for (String field : List.of("spec.learning.minimumLearningPeriod", "spec.learning.retention")) {
      assertThat(fields.get(PROFILE + field).path("pattern").asText())
          .as(field)
          .isEqualTo("^([0-9]+(ms|s|m|h|d))+$");
    }
  }

  @Test
  void defaultsMeetTheirOwnPatterns() throws IOException {
    List<String> wrong = new ArrayList<>();
    CrdSchemas.explained()
        .forEach(
            (path, schema) -> {
              JsonNode value = schema.get("default");
              String pattern = schema.path("pattern").asText(null);
              if (value != null && pattern != null && !Pattern.matches(pattern, value.asText())) {
                wrong.add(path + ": default " + value + " does not match " + pattern);
              }
            });
    assertThat(wrong).isEmpty();
  }

  @Test
  void statusListsHoldWhatTheOperatorWrites() throws IOException {
    Map<String, JsonNode> fields = CrdSchemas.explained();
    assertThat(fields.get(PROFILE + "status.blockedFlows").path("maxItems").asInt())
        .isGreaterThanOrEqualTo(ProfileDecider.MAX_LISTED);
    assertThat(fields.get(PROFILE + "status.refusedFlows").path("maxItems").asInt())
        .isGreaterThanOrEqualTo(ProfileDecider.MAX_LISTED);
    assertThat(fields.get(PROFILE + "status.warnings").path("maxItems").asInt())
        .isGreaterThanOrEqualTo(WorkloadNameWarnings.MAX);
    assertThat(fields.get(PROFILE + "status.conditions").path("maxItems").asInt())
        .as("Ready, Learning, SafeToEnforce, Degraded, with room for more")
        .isGreaterThanOrEqualTo(8);
  }
}
