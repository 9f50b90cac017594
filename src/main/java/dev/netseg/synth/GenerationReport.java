package dev.netseg.synth;

import dev.netseg.model.Provenance;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

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
 */
public record GenerationReport(
    int workloads,
    int governedWorkloads,
    int policies,
    int flows,
    Map<Provenance.Source, Integer> flowsBySource,
    int errors,
    int warnings,
    int unresolved) {
  public GenerationReport {
    // In Source order, so that the report reads the same on every run (Map.copyOf's order is not).
    Map<Provenance.Source, Integer> ordered = new EnumMap<>(Provenance.Source.class);
    ordered.putAll(flowsBySource);
    flowsBySource = Collections.unmodifiableMap(ordered);
  }
}
