package dev.netseg.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** An explicit allowance for one workload. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AllowEntry {
  @Required
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @JsonPropertyDescription(
      "Name of the workload (Deployment, StatefulSet, DaemonSet, Job, CronJob, ReplicaSet or Pod) in the profile's namespace.")
  private String workload;

  @JsonPropertyDescription(
      "Entries the workload may connect to, in annotation syntax (for example \"payments/gateway:8080\", \"10.0.0.0/8:5432/TCP\").")
  private List<String> egress;

  @JsonPropertyDescription("Entries that may connect to the workload, in annotation syntax.")
  private List<String> ingress;

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
