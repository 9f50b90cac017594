package dev.netseg.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Map;

/** The desired segmentation of the profile's namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SegmentationProfileSpec {
  @Default("Observe")
  @JsonPropertyDescription(
      "Observe (default) learns and computes policies and shows them in status and in the"
          + " PolicyProposal of the same name without writing any NetworkPolicy; Enforce writes and"
          + " maintains them once the learning period has passed, through the safety gate.")
  private Mode mode = Mode.Observe;

  @JsonPropertyDescription(
      "Which workloads of the profile's own namespace the profile governs. By default all of"
          + " them.")
  private Scope scope;

  @JsonPropertyDescription(
      "Where required flows come from, how long to learn before the first enforcement, and how"
          + " long learned edges are kept.")
  private Learning learning;

  @JsonPropertyDescription(
      "Generator options for outbound traffic: cluster DNS, the API server, external CIDRs.")
  private EgressOptions egress;

  @JsonPropertyDescription(
      "Generator options for inbound traffic: who may reach Services exposed outside the"
          + " cluster.")
  private IngressOptions ingress;

  @Default("false")
  @JsonPropertyDescription(
      "Restrict ingress only and leave egress open, for a staged rollout (default false).")
  private Boolean ingressOnly;

  @Default("false")
  @JsonPropertyDescription(
      "Also write a namespace-wide default-deny policy (ingress, and egress unless ingressOnly)"
          + " so that workloads without a policy of their own are isolated too (default false).")
  private Boolean defaultDeny;

  @Size(max = 1000)
  @JsonPropertyDescription(
      "Explicit allowances per workload, in the entry syntax of the netseg.dev/egress and"
          + " netseg.dev/ingress annotations (see docs/declarations.md). They count whatever"
          + " learning.sources says. At most 1000 items, one per workload.")
  private List<AllowEntry> allow;

  @JsonPropertyDescription("Workloads the profile leaves alone: no policy is written for them.")
  private Exclusions exclude;

  @JsonPropertyDescription(
      "What to do when a new policy set would block a flow the application needs.")
  private Safety safety;

  @Size(max = 100)
  @JsonPropertyDescription(
      "Named zones, each a pod label selector and optionally a namespace selector, e.g. data:"
          + " {podSelector: {matchLabels: {tier: db}}}. Names are DNS labels other than"
          + " unsegmented and external. A workload matching no segment is in the zone"
          + " unsegmented; a workload matching two is an error. At most 100 segments. See"
          + " docs/segments.md.")
  private Map<String, SegmentSpec> segments;

  @Size(max = 1000)
  @JsonPropertyDescription(
      "Rules between zones (segment names, unsegmented, external, or *): allow, or deny (a"
          + " guardrail that wins over declared, inferred and observed flows). Refused flows are"
          + " reported in status.refusedFlows, never allowed. At most 1000 rules.")
  private List<SegmentRuleSpec> segmentRules;

  @Default("guardrails-only")
  @Pattern("^(intent|guardrails-only)$")
  @JsonPropertyDescription(
      "intent: a flow crossing zones must be required and allowed by an allow rule;"
          + " guardrails-only (default): every required flow is allowed unless a deny rule forbids"
          + " it.")
  private String segmentMode;

  public Map<String, SegmentSpec> getSegments() {
    return segments;
  }

  public void setSegments(Map<String, SegmentSpec> segments) {
    this.segments = segments;
  }

  public List<SegmentRuleSpec> getSegmentRules() {
    return segmentRules;
  }

  public void setSegmentRules(List<SegmentRuleSpec> segmentRules) {
    this.segmentRules = segmentRules;
  }

  public String getSegmentMode() {
    return segmentMode;
  }

  public void setSegmentMode(String segmentMode) {
    this.segmentMode = segmentMode;
  }

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
