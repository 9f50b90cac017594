package dev.netseg.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import java.util.List;

/** Sources of required flows and learning windows. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Learning {
  @Default("[\"Declarations\", \"Manifests\", \"ObservedFlows\"]")
  @JsonPropertyDescription("Which kinds of evidence produce required flows.")
  private List<LearningSource> sources;

  @JsonPropertyDescription(
      "Names of the operator's configured flow sources (for example hubble-relay, http) to learn from. Empty: every configured source. An unknown name makes the profile not Ready.")
  private List<String> flowSources;

  @Default("24h")
  @Pattern("^([0-9]+(ms|s|m|h|d))+$")
  @JsonPropertyDescription(
      "How long observed flows are learned before the first enforcement (for example 30m, 24h, 7d).")
  private String minimumLearningPeriod;

  @Default("720h")
  @Pattern("^([0-9]+(ms|s|m|h|d))+$")
  @JsonPropertyDescription("How long a learned edge is kept after it was last seen.")
  private String retention;

  public List<LearningSource> getSources() {
    return sources;
  }

  public void setSources(List<LearningSource> sources) {
    this.sources = sources;
  }

  public List<String> getFlowSources() {
    return flowSources;
  }

  public void setFlowSources(List<String> flowSources) {
    this.flowSources = flowSources;
  }

  public String getMinimumLearningPeriod() {
    return minimumLearningPeriod;
  }

  public void setMinimumLearningPeriod(String minimumLearningPeriod) {
    this.minimumLearningPeriod = minimumLearningPeriod;
  }

  public String getRetention() {
    return retention;
  }

  public void setRetention(String retention) {
    this.retention = retention;
  }
}
