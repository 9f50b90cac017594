package dev.netseg.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** Cluster DNS access. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DnsOptions {
  @Default("true")
  @JsonPropertyDescription("Allow UDP and TCP 53 to the pods behind kube-system/kube-dns.")
  private Boolean enabled;

  @Pattern("^[0-9a-fA-F:.]+$")
  @JsonPropertyDescription(
      "The NodeLocal DNSCache link-local address (often 169.254.20.10), allowed as an ipBlock when set.")
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
