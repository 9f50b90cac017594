package dev.netseg.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** A required flow the segmentation refuses. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RefusedFlow {
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

  @JsonPropertyDescription("The source's zone: a segment name, unsegmented or external.")
  private String sourceSegment;

  @JsonPropertyDescription("The destination's zone: a segment name, unsegmented or external.")
  private String destinationSegment;

  @JsonPropertyDescription(
      "The deny rule that refuses it, or the missing allow rule in intent mode.")
  private String reason;

  @Size(max = 1000)
  @JsonPropertyDescription(
      "Why the flow was thought required: the declarations, manifest references or"
          + " observations that show it. At most 1000.")
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

  public String getSourceSegment() {
    return sourceSegment;
  }

  public void setSourceSegment(String sourceSegment) {
    this.sourceSegment = sourceSegment;
  }

  public String getDestinationSegment() {
    return destinationSegment;
  }

  public void setDestinationSegment(String destinationSegment) {
    this.destinationSegment = destinationSegment;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public List<String> getProvenance() {
    return provenance;
  }

  public void setProvenance(List<String> provenance) {
    this.provenance = provenance;
  }
}
