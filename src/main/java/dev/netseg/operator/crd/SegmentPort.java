package dev.netseg.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** Ports a segment rule covers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SegmentPort {
  @Pattern("^(TCP|UDP|SCTP)$")
  @JsonPropertyDescription("TCP (default), UDP or SCTP.")
  private String protocol;

  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("Port number. Absent: every port of the protocol.")
  private Integer port;

  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("Last port of a range starting at port.")
  private Integer endPort;

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

  public Integer getEndPort() {
    return endPort;
  }

  public void setEndPort(Integer endPort) {
    this.endPort = endPort;
  }
}
