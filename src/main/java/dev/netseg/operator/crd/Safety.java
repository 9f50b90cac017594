package dev.netseg.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** Behaviour of the safety gate. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Safety {
  @Default("Hold")
  @JsonPropertyDescription(
      "Hold (default) keeps the last applied policies when the new set would block a required"
          + " flow that flows today, and reports it (Ready reason ChangeHeld); Apply applies"
          + " anyway and emits a warning event.")
  private OnBlockedFlow onBlockedFlow = OnBlockedFlow.Hold;

  public OnBlockedFlow getOnBlockedFlow() {
    return onBlockedFlow;
  }

  public void setOnBlockedFlow(OnBlockedFlow onBlockedFlow) {
    this.onBlockedFlow = onBlockedFlow;
  }
}
