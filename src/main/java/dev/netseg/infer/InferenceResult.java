package dev.netseg.infer;

import dev.netseg.model.RequiredFlow;
import java.util.List;

/**
 * What inference found.
 *
 * @param flows every required flow, merged by (source, destination, protocol, port) with all their
 *     provenance, sorted
 * @param findings what could not be resolved or read, sorted (errors first)
 * @param selectorPeers pod groups that flows name but that are not input workloads (cluster DNS,
 *     ingress controller), sorted by ref
 */
public record InferenceResult(
    List<RequiredFlow> flows, List<Finding> findings, List<SelectorPeer> selectorPeers) {
  public InferenceResult {
    flows = List.copyOf(flows);
    findings = List.copyOf(findings);
    selectorPeers = List.copyOf(selectorPeers);
  }

  /** The findings that are not errors or warnings about the input being wrong: unresolved ones. */
  public List<Finding> unresolved() {
    return findings.stream().filter(f -> f.kind() == Finding.Kind.UNRESOLVED).toList();
  }
}
