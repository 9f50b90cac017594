package dev.netseg.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** The zones and ports of a segment rule. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SegmentRuleEnds {
  @Required
  @Size(max = 63)
  @Pattern(SchemaPatterns.ZONE)
  @JsonPropertyDescription(
      "Source zone: a segment name, unsegmented, external (addresses outside the pod network)"
          + " or * (any zone).")
  private String from;

  @Required
  @Size(max = 63)
  @Pattern(SchemaPatterns.ZONE)
  @JsonPropertyDescription("Destination zone: a segment name, unsegmented, external or *.")
  private String to;

  @Size(max = 100)
  @JsonPropertyDescription("Ports covered. Absent: every protocol and port. At most 100.")
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
