package dev.netseg.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Kubernetes API server access. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApiServerOptions {
  @Size(max = 1000)
  @JsonPropertyDescription(
      "Names of workloads in the profile's namespace allowed to reach the API server, in addition"
          + " to those that declare (kube-apiserver) or were observed to need it. A name that"
          + " matches no workload is reported in status.warnings. At most 1000.")
  private List<@Size(max = 253) @Pattern(SchemaPatterns.WORKLOAD_NAME) String> workloads;

  @Size(max = 64)
  @JsonPropertyDescription(
      "API server endpoint CIDRs (for example 172.20.0.0/28), when they cannot be read from the"
          + " EndpointSlice of the default/kubernetes Service. At most 64.")
  private List<@Size(max = 64) @Pattern(SchemaPatterns.CIDR) String> cidrs;

  @Size(max = 16)
  @JsonPropertyDescription(
      "API server ports as policies see them (the endpoint port, not the Service port). Default:"
          + " the ports of the default/kubernetes endpoints, else 443 and 6443. At most 16.")
  private List<@Min(1) @Max(65535) Integer> ports;

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
