package dev.netseg.synth;

import dev.netseg.model.Provenance;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The counts for the short report the CLI prints and the operator puts in status.
 *
 * @param workloads workloads in the input
 * @param governedWorkloads workloads that got a policy
 * @param policies policies generated (including default-deny ones)
 * @param flows required flows
 * @param flowsBySource for each kind of evidence, the flows that have it (a flow with two kinds of
 *     evidence counts under both); every kind is present, with 0 when none, in {@link
 *     Provenance.Source} order
 * @param errors findings of severity ERROR (malformed declarations: do not apply the result)
 * @param warnings findings of severity WARNING (unresolved references, missing objects, ...)
 * @param unresolved findings of kind UNRESOLVED
 * @param exposure the objects read that expose Services outside the cluster, by kind ({@code
 *     Service type LoadBalancer}, {@code Ingress}, {@code Gateway}, {@code HTTPRoute}, ...), in
 *     that order; kinds with none are left out
 * @param coverage how much of the application the evidence covers
 */
public record GenerationReport(
    int workloads,
    int governedWorkloads,
    int policies,
    int flows,
    Map<Provenance.Source, Integer> flowsBySource,
    int errors,
    int warnings,
    int unresolved,
    Map<String, Integer> exposure,
    Coverage coverage) {
  public GenerationReport {
    // In Source order, so that the report reads the same on every run (Map.copyOf's order is not).
    Map<Provenance.Source, Integer> ordered = new EnumMap<>(Provenance.Source.class);
    ordered.putAll(flowsBySource);
    flowsBySource = Collections.unmodifiableMap(ordered);
    exposure = Collections.unmodifiableMap(new LinkedHashMap<>(exposure));
    Objects.requireNonNull(coverage, "coverage");
  }

  /**
   * How much of the application the evidence covers, and how far the kinds of evidence agree.
   *
   * @param services the Services that select workloads of the input
   * @param servicesWithoutClient those no required flow reaches (from any evidence, exposure
   *     included): their callers' addresses may be in code, and the policies would block them
   * @param manifestOnly flows from manifests that no observation confirms
   * @param manifestAndObserved flows from manifests that were also seen on the wire
   * @param observedOnly flows seen on the wire that nothing else shows
   */
  public record Coverage(
      int services,
      List<String> servicesWithoutClient,
      int manifestOnly,
      int manifestAndObserved,
      int observedOnly) {
    public Coverage {
      servicesWithoutClient = List.copyOf(servicesWithoutClient);
    }

    /** Services with at least one known client. */
    public int servicesWithClient() {
      return services - servicesWithoutClient.size();
    }
  }
}
