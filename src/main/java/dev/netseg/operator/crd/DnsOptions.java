package dev.netseg.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** Cluster DNS access. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DnsOptions {
  @Default("true")
  @JsonPropertyDescription(
      "Allow UDP and TCP 53 to the pods behind kube-system/kube-dns from every governed workload"
          + " with restricted egress (default true).")
  private Boolean enabled;

  @Size(max = 45)
  @Pattern("^[0-9a-fA-F:.]+$")
  @JsonPropertyDescription(
      "The NodeLocal DNSCache address (often 169.254.20.10), allowed as an ipBlock (UDP and TCP"
          + " 53) when set: it is on the node's network, where no pod selector reaches.")
  private String nodeLocalAddress;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public String getNodeLocalAddress() {
    return nodeLocalAddress;
  }

  public void setNodeLocalAddress(String nodeLocalAddress) {
    this.nodeLocalAddress = nodeLocalAddress;
  }
}
