package dev.netseg.synth;

import dev.netseg.workload.WorkloadRef;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.Objects;
import java.util.Optional;

/**
 * A generated NetworkPolicy and the workload it governs (empty for a namespace's default-deny
 * policy). The policy object is fresh for each generation; callers may hand it to a client.
 */
public record GeneratedPolicy(Optional<WorkloadRef> workload, NetworkPolicy policy)
    implements Comparable<GeneratedPolicy> {
  public GeneratedPolicy {
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(policy, "policy");
  }

  public String namespace() {
    return policy.getMetadata().getNamespace();
  }

  public String name() {
    return policy.getMetadata().getName();
  }

  /** By namespace, then name. */
  @Override
  public int compareTo(GeneratedPolicy o) {
    int c = namespace().compareTo(o.namespace());
    return c != 0 ? c : name().compareTo(o.name());
  }
}
