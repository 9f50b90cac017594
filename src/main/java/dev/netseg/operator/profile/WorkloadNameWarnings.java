package dev.netseg.operator.profile;

import dev.netseg.workload.Workload;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The workload names of a profile's spec ({@code spec.allow[].workload}, {@code
 * spec.exclude.workloads}, {@code spec.egress.apiServer.workloads}) that match no workload of its
 * namespace, as warnings for status. Not errors: the workload may be created after the profile, and
 * the entry takes effect then. Pure.
 */
public final class WorkloadNameWarnings {
  /** At most this many warnings; the last one counts the rest. */
  public static final int MAX = 20;

  private WorkloadNameWarnings() {}

  /**
   * @param workloads the workloads of the cluster (others than the namespace's are ignored)
   */
  public static List<String> of(
      ProfileSettings settings, String namespace, Collection<Workload> workloads) {
    Set<String> names =
        workloads.stream()
            .filter(w -> w.ref().namespace().equals(namespace))
            .map(w -> w.ref().name())
            .collect(Collectors.toSet());
    List<String> unmatched =
        settings.workloadReferences().stream()
            .filter(r -> !names.contains(r.name()))
            .map(
                r ->
                    "%s: no workload named \"%s\" in namespace %s (yet): it has no effect until one exists"
                        .formatted(r.field(), r.name(), namespace))
            .toList();
    if (unmatched.size() <= MAX) {
      return unmatched;
    }
    List<String> listed = new ArrayList<>(unmatched.subList(0, MAX - 1));
    listed.add("and %d more names that match no workload".formatted(unmatched.size() - MAX + 1));
    return List.copyOf(listed);
  }
}
