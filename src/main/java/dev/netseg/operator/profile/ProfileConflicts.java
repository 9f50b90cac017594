package dev.netseg.operator.profile;

import dev.netseg.workload.Workload;
import dev.netseg.workload.WorkloadRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Workloads that two or more profiles of one namespace both govern. netseg writes no policy for a
 * contested workload and marks every profile involved Degraded, naming the others, because two
 * owners would overwrite each other's policies.
 */
public final class ProfileConflicts {
  private final SortedMap<WorkloadRef, SortedSet<String>> contested;

  private ProfileConflicts(SortedMap<WorkloadRef, SortedSet<String>> contested) {
    this.contested = contested;
  }

  /**
   * @param namespace the namespace of the profiles
   * @param profiles valid profiles of that namespace, by name
   * @param workloads the workloads of that namespace
   */
  public static ProfileConflicts find(
      String namespace, Map<String, ProfileSettings> profiles, List<Workload> workloads) {
    SortedMap<WorkloadRef, SortedSet<String>> contested = new TreeMap<>();
    for (Workload w : workloads) {
      SortedSet<String> governing = new TreeSet<>();
      profiles.forEach(
          (name, settings) -> {
            if (ProfileScope.governs(namespace, settings, w)) {
              governing.add(name);
            }
          });
      if (governing.size() > 1) {
        contested.put(w.ref(), governing);
      }
    }
    return new ProfileConflicts(contested);
  }

  public boolean isContested(WorkloadRef workload) {
    return contested.containsKey(workload);
  }

  /** The contested workloads of {@code profile}, each with the other profiles that claim it. */
  public SortedMap<WorkloadRef, List<String>> of(String profile) {
    SortedMap<WorkloadRef, List<String>> out = new TreeMap<>();
    contested.forEach(
        (ref, names) -> {
          if (names.contains(profile)) {
            List<String> others = new ArrayList<>(names);
            others.remove(profile);
            out.put(ref, List.copyOf(others));
          }
        });
    return out;
  }
}
