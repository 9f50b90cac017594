package dev.netseg.synth;

import dev.netseg.workload.WorkloadRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Deterministic policy names: {@code netseg-<workload>}; when two workloads of one namespace share
 * a name (a Deployment and a StatefulSet {@code web}), {@code netseg-<workload>-<kind>} for each; a
 * name over 253 characters is cut and ends with a hash of the workload. Always a DNS-1123
 * subdomain, because workload names are.
 */
final class PolicyNames {
  static final String PREFIX = "netseg-";
  static final String DEFAULT_DENY = "netseg-default-deny";
  private static final int MAX = 253;

  private PolicyNames() {}

  static Map<WorkloadRef, String> assign(Collection<WorkloadRef> refs) {
    Map<String, List<WorkloadRef>> byBase = new HashMap<>();
    for (WorkloadRef ref : refs) {
      byBase.computeIfAbsent(ref.namespace() + "/" + ref.name(), k -> new ArrayList<>()).add(ref);
    }
    Map<WorkloadRef, String> names = new TreeMap<>();
    for (List<WorkloadRef> group : byBase.values()) {
      for (WorkloadRef ref : group) {
        String name = PREFIX + ref.name();
        if (group.size() > 1 || name.equals(DEFAULT_DENY)) {
          name = name + "-" + ref.kind().toLowerCase(Locale.ROOT);
        }
        names.put(ref, fit(name, ref));
      }
    }
    // A disambiguated name can still meet another workload's plain name ("web-deployment").
    Map<String, List<WorkloadRef>> taken = new HashMap<>();
    names.forEach(
        (ref, name) ->
            taken.computeIfAbsent(ref.namespace() + "/" + name, k -> new ArrayList<>()).add(ref));
    for (List<WorkloadRef> clash : taken.values()) {
      if (clash.size() > 1) {
        for (WorkloadRef ref : clash) {
          names.put(ref, withHash(names.get(ref), ref));
        }
      }
    }
    return names;
  }

  private static String fit(String name, WorkloadRef ref) {
    return name.length() <= MAX ? name : withHash(name, ref);
  }

  private static String withHash(String name, WorkloadRef ref) {
    String hash = hash(ref);
    String head = name.substring(0, Math.min(name.length(), MAX - hash.length() - 1));
    while (head.endsWith("-") || head.endsWith(".")) {
      head = head.substring(0, head.length() - 1);
    }
    return head + "-" + hash;
  }

  private static String hash(WorkloadRef ref) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(ref.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
