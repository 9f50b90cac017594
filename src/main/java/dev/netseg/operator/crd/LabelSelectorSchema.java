package dev.netseg.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Map;

/**
 * The schema of every label selector in the CRD ({@code @SchemaFrom}): the fields stay fabric8
 * {@link io.fabric8.kubernetes.api.model.LabelSelector}s, but their schema gets descriptions,
 * bounds and the label value pattern. Label keys of matchLabels cannot be checked by the schema (it
 * has no pattern for map keys): {@code ProfileValidator} does, naming the field.
 */
record LabelSelectorSchema(
    @Size(max = 100)
        @JsonPropertyDescription(
            "Labels the selected objects must all have, with exactly these values (ANDed with"
                + " matchExpressions). Keys are label keys: an optional DNS subdomain prefix and"
                + " '/', then a name of 1-63 letters, digits, '-', '_' or '.', starting and ending"
                + " with a letter or digit. Values are empty or up to 63 such characters. At most"
                + " 100 entries.")
        Map<String, @Size(max = 63) @Pattern(SchemaPatterns.LABEL_VALUE) String> matchLabels,
    @Size(max = 100)
        @JsonPropertyDescription(
            "Requirements on labels that must all hold (ANDed with matchLabels). At most 100.")
        List<LabelSelectorRequirementSchema> matchExpressions) {}
