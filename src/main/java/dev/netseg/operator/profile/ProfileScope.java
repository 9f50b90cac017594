package dev.netseg.operator.profile;

import dev.netseg.policy.LabelSelectors;
import dev.netseg.workload.Workload;
import java.util.Map;

/** Which workloads a profile governs: its namespace, its selector, minus its exclusions. */
public final class ProfileScope {
  private ProfileScope() {}

  /** True when the profile in {@code namespace} governs the workload. */
  public static boolean governs(String namespace, ProfileSettings settings, Workload workload) {
    if (!workload.ref().namespace().equals(namespace)) {
      return false;
    }
    return inScope(settings, workload) && !excluded(settings, workload);
  }

  /** Matched by the scope selector (exclusions not considered). */
  public static boolean inScope(ProfileSettings settings, Workload workload) {
    return settings
        .workloadSelector()
        .map(s -> LabelSelectors.matches(s, labels(workload)))
        .orElse(true);
  }

  /** Left alone by name or by the exclusion selector. */
  public static boolean excluded(ProfileSettings settings, Workload workload) {
    return settings.excludedWorkloads().contains(workload.ref().name())
        || settings
            .excludeSelector()
            .map(s -> LabelSelectors.matches(s, labels(workload)))
            .orElse(false);
  }

  private static Map<String, String> labels(Workload workload) {
    Map<String, String> labels = workload.template().getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
  }
}
