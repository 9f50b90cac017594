package dev.netseg.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** The zones and ports of a segment rule. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SegmentRuleEnds {
  @Required
  @JsonPropertyDescription(
      "Source zone: a segment name, unsegmented, external (addresses outside the pod network) or * (any zone).")
  private String from;

  @Required
  @JsonPropertyDescription("Destination zone: a segment name, unsegmented, external or *.")
  private String to;

  @JsonPropertyDescription("Ports covered. Absent: every protocol and port.")
  private List<SegmentPort> ports;

  public String getFrom() {
    return from;
  }

  public void setFrom(String from) {
    this.from = from;
  }

  public String getTo() {
    return to;
  }

  public void setTo(String to) {
    this.to = to;
  }

  public List<SegmentPort> getPorts() {
    return ports;
  }

  public void setPorts(List<SegmentPort> ports) {
    this.ports = ports;
  }
}
