package dev.netseg.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import java.util.List;

/** The desired segmentation of the profile's namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SegmentationProfileSpec {
  @Default("Observe")
  @JsonPropertyDescription(
      "Observe learns and computes policies and shows them in status and in the proposal ConfigMap without writing any NetworkPolicy; Enforce writes and maintains them.")
  private Mode mode = Mode.Observe;

  @JsonPropertyDescription(
      "Which workloads of the profile's own namespace the profile governs. By default all of them.")
  private Scope scope;

  @JsonPropertyDescription(
      "Where required flows come from, how long to learn before the first enforcement, and how long learned edges are kept.")
  private Learning learning;

  @JsonPropertyDescription("Generator options for outbound traffic.")
  private EgressOptions egress;

  @JsonPropertyDescription("Generator options for inbound traffic.")
  private IngressOptions ingress;

  @Default("false")
  @JsonPropertyDescription("Restrict ingress only and leave egress open, for a staged rollout.")
  private Boolean ingressOnly;

  @Default("false")
  @JsonPropertyDescription(
      "Also write a namespace-wide default-deny policy (ingress, and egress unless ingressOnly) so that workloads without a policy of their own are isolated too.")
  private Boolean defaultDeny;

  @JsonPropertyDescription(
      "Explicit allowances, in the same entry syntax as the netseg.dev/egress and netseg.dev/ingress annotations (see docs/declarations.md).")
  private List<AllowEntry> allow;

  @JsonPropertyDescription("Workloads the profile leaves alone: no policy is written for them.")
  private Exclusions exclude;

  @JsonPropertyDescription(
      "What to do when a new policy set would block a flow the application needs.")
  private Safety safety;

  public Mode getMode() {
    return mode;
  }

  public void setMode(Mode mode) {
    this.mode = mode;
  }

  public Scope getScope() {
    return scope;
  }

  public void setScope(Scope scope) {
    this.scope = scope;
  }

  public Learning getLearning() {
    return learning;
  }

  public void setLearning(Learning learning) {
    this.learning = learning;
  }

  public EgressOptions getEgress() {
    return egress;
  }

  public void setEgress(EgressOptions egress) {
    this.egress = egress;
  }

  public IngressOptions getIngress() {
    return ingress;
  }

  public void setIngress(IngressOptions ingress) {
    this.ingress = ingress;
  }

  public Boolean getIngressOnly() {
    return ingressOnly;
  }

  public void setIngressOnly(Boolean ingressOnly) {
    this.ingressOnly = ingressOnly;
  }

  public Boolean getDefaultDeny() {
    return defaultDeny;
  }

  public void setDefaultDeny(Boolean defaultDeny) {
    this.defaultDeny = defaultDeny;
  }

  public List<AllowEntry> getAllow() {
    return allow;
  }

  public void setAllow(List<AllowEntry> allow) {
    this.allow = allow;
  }

  public Exclusions getExclude() {
    return exclude;
  }

  public void setExclude(Exclusions exclude) {
    this.exclude = exclude;
  }

  public Safety getSafety() {
    return safety;
  }

  public void setSafety(Safety safety) {
    this.safety = safety;
  }
}
