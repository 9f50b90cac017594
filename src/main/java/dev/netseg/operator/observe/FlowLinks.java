package dev.netseg.operator.observe;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Which namespaces share required flows, as the last reconcile of each profile found them: the
 * index that makes a change reconcile both ends of every flow it touches. A profile's decision
 * reads the whole cluster, so a change in one namespace can change the policies of another (a
 * client's new reference opens the server's ingress; a Service's new target port moves its clients'
 * egress).
 *
 * <p>Each profile records its partner namespaces with a fingerprint of the flows it shares with
 * each ({@link #update}); the partners whose fingerprint changed are the namespaces to reconcile
 * next. {@link #partnersOf} answers, for a change in a namespace, which other namespaces had flows
 * with it. Thread-safe; as small as the number of profiles times their partners.
 */
public final class FlowLinks {
  private record Entry(String namespace, Map<String, Integer> partners) {}

  private final Map<String, Entry> byProfile = new HashMap<>();

  /**
   * Records what the last reconcile of a profile found.
   *
   * @param profile the profile's key ({@code namespace/name})
   * @param namespace the profile's namespace
   * @param partners each other namespace its required flows reach, with a fingerprint of those
   *     flows
   * @return the partner namespaces whose flows with this one appeared, disappeared or changed
   */
  public synchronized Set<String> update(
      String profile, String namespace, Map<String, Integer> partners) {
    Entry before = byProfile.put(profile, new Entry(namespace, Map.copyOf(partners)));
    Map<String, Integer> old = before == null ? Map.of() : before.partners();
    Set<String> changed = new TreeSet<>();
    for (String ns : partners.keySet()) {
      if (!Objects.equals(old.get(ns), partners.get(ns))) {
        changed.add(ns);
      }
    }
    for (String ns : old.keySet()) {
      if (!partners.containsKey(ns)) {
        changed.add(ns);
      }
    }
    changed.remove(namespace);
    return changed;
  }

  /** The namespaces that had required flows with {@code namespace}, in either direction. */
  public synchronized Set<String> partnersOf(String namespace) {
    Set<String> partners = new TreeSet<>();
    for (Entry e : byProfile.values()) {
      if (e.namespace().equals(namespace)) {
        partners.addAll(e.partners().keySet());
      } else if (e.partners().containsKey(namespace)) {
        partners.add(e.namespace());
      }
    }
    partners.remove(namespace);
    return partners;
  }

  /** Forgets the profiles that no longer exist. */
  public synchronized void retain(Predicate<String> liveProfile) {
    byProfile.keySet().removeIf(liveProfile.negate());
  }
}
