package dev.netseg.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.LabelSelector;

/** Which workloads of the profile's namespace are governed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Scope {
  @SchemaFrom(type = LabelSelectorSchema.class)
  @JsonPropertyDescription(
      "Only workloads whose pod template labels match this selector are governed. Empty or"
          + " absent: every workload of the namespace.")
  private LabelSelector workloadSelector;

  public LabelSelector getWorkloadSelector() {
    return workloadSelector;
  }

  public void setWorkloadSelector(LabelSelector workloadSelector) {
    this.workloadSelector = workloadSelector;
  }
}
