package dev.netseg.segment;

import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.Objects;
import java.util.Optional;

/**
 * A named zone: the pods its pod selector matches, in the namespaces its namespace selector matches
 * (every namespace when it has none). A workload belongs to the zone when its pod template's labels
 * and its namespace's labels match.
 *
 * @param podSelector absent: every pod of the matching namespaces
 * @param namespaceSelector absent: every namespace
 */
public record Segment(
    String name, Optional<LabelSelector> podSelector, Optional<LabelSelector> namespaceSelector) {
  public Segment {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(podSelector, "podSelector");
    Objects.requireNonNull(namespaceSelector, "namespaceSelector");
  }
}
