package dev.netseg.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** What the operator observed and did. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SegmentationProfileStatus {
  @JsonPropertyDescription("The generation of the spec this status describes.")
  private Long observedGeneration;

  @Size(max = 16)
  @SchemaFrom(type = ConditionListSchema.class)
  @JsonPropertyDescription(
      "Ready (False when the spec is invalid, naming the field), Learning, SafeToEnforce (False"
          + " when the proposal would block required flows) and Degraded (True when a flow source"
          + " is down, a policy name is taken, a workload is claimed by two profiles or a request"
          + " failed), each with a reason and a message. At most 16.")
  private List<Condition> conditions;

  @JsonPropertyDescription(
      "Number of workloads the profile governs (in scope, not excluded, not claimed by another"
          + " profile).")
  private Integer workloads;

  @JsonPropertyDescription(
      "Number of NetworkPolicies the profile enforces (Enforce mode; while a change is held,"
          + " the last applied ones), else the number in its proposal that could be written (a"
          + " name taken by a policy netseg does not own never is).")
  private Integer policies;

  @JsonPropertyDescription(
      "Number of learned edges (observed connections) kept that touch the profile's namespace.")
  private Long learnedEdges;

  @JsonPropertyDescription(
      "Observed flow records that the running operator could not attribute to a workload in a"
          + " watched namespace, counted since it started, across all profiles.")
  private Long unresolvedRecords;

  @Size(max = 10000)
  @JsonPropertyDescription(
      "Names of the NetworkPolicies this profile owns in its namespace (written in Enforce mode;"
          + " none are written in Observe mode or while learning). At most 10000.")
  private List<String> managedPolicies;

  @Size(max = 20)
  @JsonPropertyDescription(
      "Required flows the proposed policy set would block (at most 20 are listed; see"
          + " blockedFlowCount).")
  private List<BlockedFlow> blockedFlows;

  @JsonPropertyDescription("Total number of required flows the proposed policy set would block.")
  private Integer blockedFlowCount;

  @Size(max = 20)
  @JsonPropertyDescription(
      "Required flows the segmentation refuses (a deny rule, or no allow rule in intent mode),"
          + " with their provenance: never allowed (at most 20 are listed; see"
          + " refusedFlowCount).")
  private List<RefusedFlow> refusedFlows;

  @JsonPropertyDescription("Total number of required flows the segmentation refuses.")
  private Integer refusedFlowCount;

  @Size(max = 20)
  @JsonPropertyDescription(
      "What to look at although the spec is valid, naming the field: for example a workload name"
          + " in spec.allow, spec.exclude or spec.egress.apiServer that matches no workload of the"
          + " namespace (yet). At most 20; absent when there is nothing to say.")
  private List<String> warnings;

  public List<String> getWarnings() {
    return warnings;
  }

  public void setWarnings(List<String> warnings) {
    this.warnings = warnings;
  }

  public List<RefusedFlow> getRefusedFlows() {
    return refusedFlows;
  }

  public void setRefusedFlows(List<RefusedFlow> refusedFlows) {
    this.refusedFlows = refusedFlows;
  }

  public Integer getRefusedFlowCount() {
    return refusedFlowCount;
  }

  public void setRefusedFlowCount(Integer refusedFlowCount) {
    this.refusedFlowCount = refusedFlowCount;
  }

  @JsonPropertyDescription(
      "When learning started for this profile (RFC 3339); the learning period counts from here.")
  private String learningSince;

  @JsonPropertyDescription("When NetworkPolicies were last written or deleted (RFC 3339).")
  private String lastAppliedTime;

  @JsonPropertyDescription(
      "Name of the PolicyProposal (in the profile's namespace) holding the proposed policies:"
          + " kubectl get policyproposal NAME -o yaml, or netseg proposal NAMESPACE/NAME.")
  private String proposal;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public Integer getWorkloads() {
    return workloads;
  }

  public void setWorkloads(Integer workloads) {
    this.workloads = workloads;
  }

  public Integer getPolicies() {
    return policies;
  }

  public void setPolicies(Integer policies) {
    this.policies = policies;
  }

  public Long getLearnedEdges() {
    return learnedEdges;
  }

  public void setLearnedEdges(Long learnedEdges) {
    this.learnedEdges = learnedEdges;
  }

  public Long getUnresolvedRecords() {
    return unresolvedRecords;
  }

  public void setUnresolvedRecords(Long unresolvedRecords) {
    this.unresolvedRecords = unresolvedRecords;
  }

  public List<String> getManagedPolicies() {
    return managedPolicies;
  }

  public void setManagedPolicies(List<String> managedPolicies) {
    this.managedPolicies = managedPolicies;
  }

  public List<BlockedFlow> getBlockedFlows() {
    return blockedFlows;
  }

  public void setBlockedFlows(List<BlockedFlow> blockedFlows) {
    this.blockedFlows = blockedFlows;
  }

  public Integer getBlockedFlowCount() {
    return blockedFlowCount;
  }

  public void setBlockedFlowCount(Integer blockedFlowCount) {
    this.blockedFlowCount = blockedFlowCount;
  }

  public String getLearningSince() {
    return learningSince;
  }

  public void setLearningSince(String learningSince) {
    this.learningSince = learningSince;
  }

  public String getLastAppliedTime() {
    return lastAppliedTime;
  }

  public void setLastAppliedTime(String lastAppliedTime) {
    this.lastAppliedTime = lastAppliedTime;
  }

  public String getProposal() {
    return proposal;
  }

  public void setProposal(String proposal) {
    this.proposal = proposal;
  }
}
