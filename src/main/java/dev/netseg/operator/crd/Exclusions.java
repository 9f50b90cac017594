package dev.netseg.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

/** Workloads left alone. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Exclusions {
  @Size(max = 1000)
  @JsonPropertyDescription(
      "Names of workloads in the profile's namespace to leave without a policy. A name that"
          + " matches no workload is reported in status.warnings. At most 1000.")
  private List<@Size(max = 253) @Pattern(SchemaPatterns.WORKLOAD_NAME) String> workloads;

  @SchemaFrom(type = LabelSelectorSchema.class)
  @JsonPropertyDescription(
      "Workloads whose pod template labels match this selector are left without a policy.")
  private LabelSelector selector;

  public List<String> getWorkloads() {
    return workloads;
  }

  public void setWorkloads(List<String> workloads) {
    this.workloads = workloads;
  }

  public LabelSelector getSelector() {
    return selector;
  }

  public void setSelector(LabelSelector selector) {
    this.selector = selector;
  }
}
