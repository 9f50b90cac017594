package dev.netseg.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Generator options for inbound traffic. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IngressOptions {
  @JsonPropertyDescription(
      "Who may reach Services exposed outside the cluster (LoadBalancer, NodePort, or routed by"
          + " an Ingress).")
  private ExposureOptions exposure;

  public ExposureOptions getExposure() {
    return exposure;
  }

  public void setExposure(ExposureOptions exposure) {
    this.exposure = exposure;
  }
}
