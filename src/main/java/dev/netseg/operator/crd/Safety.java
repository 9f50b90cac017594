package dev.netseg.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** Behaviour of the safety gate. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Safety {
  @Default("Hold")
  @JsonPropertyDescription(
      "Hold keeps the last applied policies when the new set would block a learned or declared flow and reports it; Apply applies anyway.")
  private OnBlockedFlow onBlockedFlow = OnBlockedFlow.Hold;

  public OnBlockedFlow getOnBlockedFlow() {
    return onBlockedFlow;
  }

  public void setOnBlockedFlow(OnBlockedFlow onBlockedFlow) {
    this.onBlockedFlow = onBlockedFlow;
  }
}
