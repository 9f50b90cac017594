package dev.netseg.synth;

import dev.netseg.infer.Finding;
import dev.netseg.infer.SelectorPeer;
import dev.netseg.model.RequiredFlow;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;

/**
 * What {@link Generator#generate} produced.
 *
 * @param policies sorted by namespace and name
 * @param flows every required flow with its provenance, sorted
 * @param findings everything unresolved or left out, sorted (errors first)
 * @param report the counts
 * @param selectorPeers the groups of pods flows name that are not workloads of the input (the
 *     cluster DNS, the ingress controller), by the selector the policies name them with
 */
public record GenerationResult(
    List<GeneratedPolicy> policies,
    List<RequiredFlow> flows,
    List<Finding> findings,
    GenerationReport report,
    List<SelectorPeer> selectorPeers) {
  public GenerationResult {
    policies = List.copyOf(policies);
    flows = List.copyOf(flows);
    findings = List.copyOf(findings);
    selectorPeers = List.copyOf(selectorPeers);
  }

  /** The policy objects, in order. */
  public List<NetworkPolicy> networkPolicies() {
    return policies.stream().map(GeneratedPolicy::policy).toList();
  }

  /**
   * True when a finding is an error (a malformed declaration): the declared flows of that
   * annotation are missing from the policies, so the result must not be applied.
   */
  public boolean hasErrors() {
    return report.errors() > 0;
  }
}
