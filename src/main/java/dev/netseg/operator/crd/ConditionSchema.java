package dev.netseg.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The schema of one item of {@code status.conditions} (see {@link ConditionListSchema}): a
 * Kubernetes condition, described for {@code kubectl explain}. The field stays a fabric8 {@link
 * io.fabric8.kubernetes.api.model.Condition}.
 */
record ConditionSchema(
    @JsonPropertyDescription("Ready, Learning, SafeToEnforce or Degraded.") String type,
    @JsonPropertyDescription("True, False or Unknown.") String status,
    @JsonPropertyDescription(
            "Why the condition is in its state, one CamelCase word (for example InvalidSpec,"
                + " Observing, ChangeHeld, FlowSourceUnavailable).")
        String reason,
    @JsonPropertyDescription(
            "What a person should know, naming the field, workload or flow concerned.")
        String message,
    @JsonPropertyDescription("When status last changed (RFC 3339).") String lastTransitionTime,
    @JsonPropertyDescription("The generation of the spec the condition was computed for.")
        Long observedGeneration) {}
