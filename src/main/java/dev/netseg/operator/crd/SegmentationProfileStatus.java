package dev.netseg.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** What the operator observed and did. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SegmentationProfileStatus {
  @JsonPropertyDescription("The generation of the spec this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Ready, Learning, SafeToEnforce and Degraded, with reasons and messages.")
  private List<Condition> conditions;

  @JsonPropertyDescription("Number of governed workloads.")
  private Integer workloads;

  @JsonPropertyDescription(
      "Number of policies in the current proposal (Observe) or applied (Enforce).")
  private Integer policies;

  @JsonPropertyDescription("Number of learned edges kept for this profile.")
  private Long learnedEdges;

  @JsonPropertyDescription("Flow records that matched no workload in scope.")
  private Long unresolvedRecords;

  @JsonPropertyDescription("Names of the NetworkPolicies netseg manages for this profile.")
  private List<String> managedPolicies;

  @JsonPropertyDescription(
      "Required flows the proposed policy set would block (at most 20; see blockedFlowCount).")
  private List<BlockedFlow> blockedFlows;

  @JsonPropertyDescription("Total number of required flows the proposed policy set would block.")
  private Integer blockedFlowCount;

  @JsonPropertyDescription(
      "Required flows the segmentation refuses (a deny rule, or no allow rule in intent mode), with their provenance: never allowed (at most 20; see refusedFlowCount).")
  private List<RefusedFlow> refusedFlows;

  @JsonPropertyDescription("Total number of required flows the segmentation refuses.")
  private Integer refusedFlowCount;

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

  @JsonPropertyDescription("When learning started for this profile (RFC 3339).")
  private String learningSince;

  @JsonPropertyDescription("When policies were last written (RFC 3339).")
  private String lastAppliedTime;

  @JsonPropertyDescription("Name of the ConfigMap holding the proposed policies as YAML.")
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
