package dev.netseg.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Kubernetes API server access. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApiServerOptions {
  @JsonPropertyDescription(
      "Names of workloads allowed to reach the API server, in addition to those that declare or were observed to need it.")
  private List<String> workloads;

  @JsonPropertyDescription(
      "API server endpoint CIDRs, when they cannot be read from the default/kubernetes EndpointSlices.")
  private List<String> cidrs;

  @JsonPropertyDescription(
      "API server ports; default the ports of the default/kubernetes endpoints, else 443 and 6443.")
  private List<Integer> ports;

  public List<String> getWorkloads() {
    return workloads;
  }

  public void setWorkloads(List<String> workloads) {
    this.workloads = workloads;
  }

  public List<String> getCidrs() {
    return cidrs;
  }

  public void setCidrs(List<String> cidrs) {
    this.cidrs = cidrs;
  }

  public List<Integer> getPorts() {
    return ports;
  }

  public void setPorts(List<Integer> ports) {
    this.ports = ports;
  }
}
