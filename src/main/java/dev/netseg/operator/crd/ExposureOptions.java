package dev.netseg.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

/** Source of traffic to exposed Services. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExposureOptions {
  @Size(max = 256)
  @JsonPropertyDescription(
      "CIDRs allowed to reach exposed Services (LoadBalancer, NodePort) on their target ports."
          + " Default 0.0.0.0/0 and ::/0. At most 256.")
  private List<@Size(max = 64) @Pattern(SchemaPatterns.CIDR) String> sourceCidrs;

  @Size(max = 63)
  @Pattern(SchemaPatterns.NAMESPACE)
  @JsonPropertyDescription(
      "Namespace of the ingress controller: Services routed by an Ingress are then reachable"
          + " from its pods only, instead of from sourceCidrs.")
  private String ingressControllerNamespace;

  @SchemaFrom(type = LabelSelectorSchema.class)
  @JsonPropertyDescription(
      "Pods of the ingress controller in ingressControllerNamespace (which it needs). Default:"
          + " every pod of that namespace.")
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
