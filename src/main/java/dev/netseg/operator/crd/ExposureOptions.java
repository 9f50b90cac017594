package dev.netseg.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

/** Source of traffic to exposed Services. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExposureOptions {
  @JsonPropertyDescription(
      "CIDRs allowed to reach exposed Services on their target ports. Default 0.0.0.0/0 and ::/0.")
  private List<String> sourceCidrs;

  @JsonPropertyDescription(
      "Namespace of the ingress controller: Ingress-routed Services are then reachable from its pods only.")
  private String ingressControllerNamespace;

  @JsonPropertyDescription(
      "Pods of the ingress controller in that namespace (default: all its pods).")
  private LabelSelector ingressControllerPodSelector;

  public List<String> getSourceCidrs() {
    return sourceCidrs;
  }

  public void setSourceCidrs(List<String> sourceCidrs) {
    this.sourceCidrs = sourceCidrs;
  }

  public String getIngressControllerNamespace() {
    return ingressControllerNamespace;
  }

  public void setIngressControllerNamespace(String ingressControllerNamespace) {
    this.ingressControllerNamespace = ingressControllerNamespace;
  }

  public LabelSelector getIngressControllerPodSelector() {
    return ingressControllerPodSelector;
  }

  public void setIngressControllerPodSelector(LabelSelector ingressControllerPodSelector) {
    this.ingressControllerPodSelector = ingressControllerPodSelector;
  }
}
