package dev.netseg.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** A required flow that a policy set would block. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BlockedFlow {
  @JsonPropertyDescription(
      "Source: a workload as namespace/name[Kind], an address range, or the API server.")
  private String source;

  @JsonPropertyDescription(
      "Destination: a workload as namespace/name[Kind], an address range, or the API server.")
  private String destination;

  @JsonPropertyDescription("TCP, UDP or SCTP.")
  private String protocol;

  @JsonPropertyDescription("Destination port.")
  private Integer port;

  @Size(max = 1000)
  @JsonPropertyDescription(
      "Why the flow is required: the declarations, manifest references or observations that"
          + " show it. At most 1000.")
  private List<String> provenance;

  public String getSource() {
    return source;
  }

  public void setSource(String source) {
    this.source = source;
  }

  public String getDestination() {
    return destination;
  }

  public void setDestination(String destination) {
    this.destination = destination;
  }

  public String getProtocol() {
    return protocol;
  }

  public void setProtocol(String protocol) {
    this.protocol = protocol;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public List<String> getProvenance() {
    return provenance;
  }

  public void setProvenance(List<String> provenance) {
    this.provenance = provenance;
  }
}
