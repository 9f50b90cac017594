package dev.netseg.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.LabelSelector;

/** A segment: the pods its podSelector matches in the namespaces its namespaceSelector matches. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SegmentSpec {
  @SchemaFrom(type = LabelSelectorSchema.class)
  @JsonPropertyDescription(
      "Pods of the segment, by their labels. Absent: every pod of the matching namespaces.")
  private LabelSelector podSelector;

  @SchemaFrom(type = LabelSelectorSchema.class)
  @JsonPropertyDescription(
      "Namespaces of the segment, by their labels (kubernetes.io/metadata.name is the name)."
          + " Absent: every namespace.")
  private LabelSelector namespaceSelector;

  public LabelSelector getPodSelector() {
    return podSelector;
  }

  public void setPodSelector(LabelSelector podSelector) {
    this.podSelector = podSelector;
  }

  public LabelSelector getNamespaceSelector() {
    return namespaceSelector;
  }

  public void setNamespaceSelector(LabelSelector namespaceSelector) {
    this.namespaceSelector = namespaceSelector;
  }
}
