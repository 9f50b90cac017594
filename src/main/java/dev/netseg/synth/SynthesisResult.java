package dev.netseg.synth;

import dev.netseg.infer.Finding;
import java.util.List;

/**
 * @param policies sorted by namespace and name
 * @param findings workloads left without a policy and flows that could not become rules, sorted
 */
public record SynthesisResult(List<GeneratedPolicy> policies, List<Finding> findings) {
  public SynthesisResult {
    policies = List.copyOf(policies);
    findings = List.copyOf(findings);
  }
}
