package dev.netseg.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** The policies a profile would write, readable without applying them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PolicyProposalSpec {
  @Required
  @JsonPropertyDescription(
      "Name of the SegmentationProfile (same namespace) that proposes these policies.")
  private String profile;

  @JsonPropertyDescription("The profile generation the proposal was computed for.")
  private Long profileGeneration;

  @JsonPropertyDescription("When the proposal was computed (RFC 3339).")
  private String computedAt;

  @JsonPropertyDescription("Number of proposed NetworkPolicies.")
  private Integer policyCount;

  @JsonPropertyDescription(
      "Number of required flows the proposed set would block (the profile's status lists them).")
  private Integer blockedFlowCount;

  @JsonPropertyDescription(
      "The proposed NetworkPolicies as a YAML stream, when it is at most 256 KiB; else absent"
          + " and yamlGzip is set.")
  private String yaml;

  @JsonPropertyDescription(
      "The proposed NetworkPolicies as base64 of a gzip-compressed YAML stream, for proposals"
          + " larger than 256 KiB (netseg proposal NAMESPACE/NAME prints them either way).")
  private String yamlGzip;

  public String getProfile() {
    return profile;
  }

  public void setProfile(String profile) {
    this.profile = profile;
  }

  public Long getProfileGeneration() {
    return profileGeneration;
  }

  public void setProfileGeneration(Long profileGeneration) {
    this.profileGeneration = profileGeneration;
  }

  public String getComputedAt() {
    return computedAt;
  }

  public void setComputedAt(String computedAt) {
    this.computedAt = computedAt;
  }

  public Integer getPolicyCount() {
    return policyCount;
  }

  public void setPolicyCount(Integer policyCount) {
    this.policyCount = policyCount;
  }

  public Integer getBlockedFlowCount() {
    return blockedFlowCount;
  }

  public void setBlockedFlowCount(Integer blockedFlowCount) {
    this.blockedFlowCount = blockedFlowCount;
  }

  public String getYaml() {
    return yaml;
  }

  public void setYaml(String yaml) {
    this.yaml = yaml;
  }

  public String getYamlGzip() {
    return yamlGzip;
  }

  public void setYamlGzip(String yamlGzip) {
    this.yamlGzip = yamlGzip;
  }
}
