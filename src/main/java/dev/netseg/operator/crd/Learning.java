package dev.netseg.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Sources of required flows and learning windows. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Learning {
  @Default("[\"Declarations\", \"Manifests\", \"ObservedFlows\"]")
  @Size(max = 3)
  @JsonPropertyDescription(
      "Which kinds of evidence produce required flows (default all, at most 3):"
          + " Declarations (netseg.dev/ annotations; spec.allow always counts), Manifests"
          + " (Service references in env, args and ConfigMaps) and ObservedFlows (learned edges).")
  private List<LearningSource> sources;

  @Size(max = 16)
  @JsonPropertyDescription(
      "Names of the operator's configured flow sources (for example hubble-relay, http) to"
          + " learn from. Empty: every configured source. An unknown name makes the profile not"
          + " Ready. At most 16.")
  private List<@Size(max = 63) String> flowSources;

  @Default("24h")
  @Size(max = 32)
  @Pattern(SchemaPatterns.DURATION)
  @JsonPropertyDescription(
      "How long observed flows are learned before the first enforcement: whole numbers with the"
          + " units ms, s, m, h, d (for example 30m, 1h30m, 7d). Default 24h.")
  private String minimumLearningPeriod;

  @Default("720h")
  @Size(max = 32)
  @Pattern(SchemaPatterns.DURATION)
  @JsonPropertyDescription(
      "How long a learned edge is kept after it was last seen, more than 0 (for example 720h,"
          + " 30d). Default 720h.")
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
