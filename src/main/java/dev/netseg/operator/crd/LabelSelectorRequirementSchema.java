package dev.netseg.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * The schema of one matchExpressions item of a label selector (see {@link LabelSelectorSchema}).
 */
record LabelSelectorRequirementSchema(
    @Required
        @Size(max = 317)
        @Pattern(SchemaPatterns.LABEL_KEY)
        @JsonPropertyDescription(
            "The label key the requirement is about, for example app.kubernetes.io/name.")
        String key,
    @Required
        @JsonPropertyDescription(
            "In: the label has one of the values; NotIn: it has none of them, or is absent;"
                + " Exists: the label is present; DoesNotExist: it is absent.")
        Operator operator,
    @Size(max = 1000)
        @JsonPropertyDescription(
            "The values for In and NotIn (at least one); must be empty for Exists and"
                + " DoesNotExist. Each empty or up to 63 letters, digits, '-', '_' or '.'. At most"
                + " 1000.")
        List<@Size(max = 63) @Pattern(SchemaPatterns.LABEL_VALUE) String> values) {

  /** The operators of a label selector requirement. */
  enum Operator {
    In,
    NotIn,
    Exists,
    DoesNotExist
  }
}
