package dev.netseg.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Generator options for outbound traffic. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EgressOptions {
  @JsonPropertyDescription(
      "Access to the cluster DNS, which every workload with restricted egress needs.")
  private DnsOptions dns;

  @JsonPropertyDescription("Access to the Kubernetes API server, for the workloads that need it.")
  private ApiServerOptions apiServer;

  @Size(max = 256)
  @JsonPropertyDescription(
      "External CIDRs every governed workload may reach on any port, for example a corporate"
          + " proxy (10.1.2.3/32). At most 256.")
  private List<@Size(max = 64) @Pattern(SchemaPatterns.CIDR) String> allowedCidrs;

  public DnsOptions getDns() {
    return dns;
  }

  public void setDns(DnsOptions dns) {
    this.dns = dns;
  }

  public ApiServerOptions getApiServer() {
    return apiServer;
  }

  public void setApiServer(ApiServerOptions apiServer) {
    this.apiServer = apiServer;
  }

  public List<String> getAllowedCidrs() {
    return allowedCidrs;
  }

  public void setAllowedCidrs(List<String> allowedCidrs) {
    this.allowedCidrs = allowedCidrs;
  }
}
