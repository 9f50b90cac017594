package dev.netseg.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** An explicit allowance for one workload. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AllowEntry {
  @Required
  @Size(max = 253)
  @Pattern(SchemaPatterns.WORKLOAD_NAME)
  @JsonPropertyDescription(
      "Name of the workload (Deployment, StatefulSet, DaemonSet, Job, CronJob, ReplicaSet or Pod)"
          + " in the profile's namespace; each workload once. A name that matches no workload is"
          + " reported in status.warnings and allows nothing until such a workload exists.")
  private String workload;

  @Size(max = 256)
  @JsonPropertyDescription(
      "What the workload may connect to, in the syntax of the netseg.dev/egress annotation"
          + " ([namespace/]name[:port[/protocol]], CIDR:port[/protocol] or kube-apiserver; for"
          + " example \"payments/gateway:8080\", \"10.0.0.0/8:5432/TCP\"). At most 256 entries of"
          + " at most 512 characters; see docs/declarations.md.")
  private List<@Size(max = 512) String> egress;

  @Size(max = 256)
  @JsonPropertyDescription(
      "Who may connect to the workload, in the syntax of the netseg.dev/ingress annotation:"
          + " clients ([namespace/]name, CIDR or kube-apiserver) and this workload's own port"
          + " (for example \"frontend\", \"monitoring/prometheus:metrics\"). At most 256 entries"
          + " of at most 512 characters.")
  private List<@Size(max = 512) String> ingress;

  public String getWorkload() {
    return workload;
  }

  public void setWorkload(String workload) {
    this.workload = workload;
  }

  public List<String> getEgress() {
    return egress;
  }

  public void setEgress(List<String> egress) {
    this.egress = egress;
  }

  public List<String> getIngress() {
    return ingress;
  }

  public void setIngress(List<String> ingress) {
    this.ingress = ingress;
  }
}
