package dev.netseg.operator.learn;

import dev.netseg.flows.PodIpHistory;
import dev.netseg.flows.PodKey;
import dev.netseg.manifest.Manifests;
import dev.netseg.manifest.ObjectRef;
import dev.netseg.workload.WorkloadExtractor;
import dev.netseg.workload.WorkloadIndex;
import dev.netseg.workload.WorkloadRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the {@link PodIpHistory} and the pod-to-workload map current from the operator's pods, so
 * that a flow resolves to the pod that held an address at the time, and that pod to its workload.
 *
 * <p>Cheap on the informer's hot path: a pod whose resourceVersion did not change costs a map
 * lookup; a pod's workload is computed alone (the pod and the controllers it points to, through
 * {@link WorkloadExtractor#fromCluster}), and again only when its ownership changes or the
 * controllers of its namespace do. A pod that disappears is taken to have held its addresses until
 * it was last seen, and is remembered for {@code memory} after, so late flows still resolve.
 *
 * <p>Updates come from one thread at a time (synchronized); lookups from any thread.
 */
final class PodTracker {
  private static final String POD_TEMPLATE_HASH = "pod-template-hash";
  private static final Set<String> CONTROLLER_KINDS =
      Set.of("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob");

  private final PodIpHistory history;
  private final Duration memory;
  private final WorkloadExtractor extractor = new WorkloadExtractor();
  private final ConcurrentHashMap<PodKey, WorkloadRef> workloads = new ConcurrentHashMap<>();

  // Guarded by this.
  private final Map<PodKey, Known> known = new HashMap<>();
  private Map<ObjectRef, HasMetadata> controllers = Map.of();

  /** What is kept of a pod: enough to close its addresses and recompute its workload. */
  private static final class Known {
    final String uid;
    final String resourceVersion;
    final Instant from;
    final List<String> ips;
    final boolean ended;
    final ObjectMeta identity;
    Instant lastSeen;
    boolean present = true;

    Known(Pod pod, Instant now) {
      ObjectMeta m = pod.getMetadata();
      this.uid = m.getUid();
      this.resourceVersion = m.getResourceVersion();
      this.from = from(pod);
      this.ips = ips(pod);
      this.ended = ended(pod);
      this.identity = identity(m);
      this.lastSeen = now;
    }
  }

  PodTracker(PodIpHistory history, Duration memory) {
    this.history = Objects.requireNonNull(history, "history");
    if (memory.isNegative()) {
      throw new IllegalArgumentException("pod memory must not be negative: " + memory);
    }
    this.memory = memory;
  }

  /** The workload of a pod seen now or within the memory window. */
  Optional<WorkloadRef> workloadOf(PodKey pod) {
    return Optional.ofNullable(workloads.get(pod));
  }

  /** The number of pods remembered (present or recently gone). */
  synchronized int size() {
    return known.size();
  }

  /**
   * Takes {@code pods} as every pod that exists now: new and changed ones are recorded, missing
   * ones are gone (their addresses held until they were last seen).
   */
  synchronized void observe(Collection<Pod> pods, Instant now) {
    Set<PodKey> seen = new HashSet<>();
    for (Pod pod : pods) {
      ObjectMeta m = pod == null ? null : pod.getMetadata();
      if (m == null || m.getNamespace() == null || m.getName() == null) {
        continue;
      }
      PodKey key = new PodKey(m.getNamespace(), m.getName());
      seen.add(key);
      Known old = known.get(key);
      if (old != null
          && old.present
          && m.getResourceVersion() != null
          && m.getResourceVersion().equals(old.resourceVersion)
          && Objects.equals(m.getUid(), old.uid)) {
        old.lastSeen = now;
        continue;
      }
      if (old != null && old.present && !Objects.equals(m.getUid(), old.uid)) {
        close(key, old); // a new pod under the same name (a StatefulSet's, say)
      }
      try {
        history.recordPod(pod);
      } catch (RuntimeException e) {
        // An unreadable timestamp or address: the pod is still known by name.
      }
      Known fresh = new Known(pod, now);
      known.put(key, fresh);
      if (old == null || !old.identity.equals(fresh.identity)) {
        updateWorkload(key, fresh.identity);
      }
    }
    for (Map.Entry<PodKey, Known> e : known.entrySet()) {
      if (e.getValue().present && !seen.contains(e.getKey())) {
        close(e.getKey(), e.getValue());
        e.getValue().present = false;
      }
    }
    forget(now);
  }

  /**
   * Takes {@code objects} as every workload controller that exists now (Deployments, ReplicaSets,
   * Jobs, CronJobs, StatefulSets, DaemonSets; other kinds are ignored): a pod's workload is its top
   * controller. Pods of namespaces whose controllers changed get their workload computed again.
   */
  synchronized void observeControllers(Collection<? extends HasMetadata> objects) {
    Map<ObjectRef, HasMetadata> next = new HashMap<>();
    for (HasMetadata o : objects) {
      if (o != null
          && CONTROLLER_KINDS.contains(o.getKind())
          && o.getMetadata() != null
          && o.getMetadata().getNamespace() != null
          && o.getMetadata().getName() != null) {
        next.put(ObjectRef.of(o), o);
      }
    }
    Set<String> changed = new HashSet<>();
    for (Map.Entry<ObjectRef, HasMetadata> e : next.entrySet()) {
      HasMetadata before = controllers.get(e.getKey());
      if (before == null || !sameOwnership(before, e.getValue())) {
        changed.add(e.getKey().namespace());
      }
    }
    for (ObjectRef ref : controllers.keySet()) {
      if (!next.containsKey(ref)) {
        changed.add(ref.namespace());
      }
    }
    controllers = next;
    if (!changed.isEmpty()) {
      known.forEach(
          (key, k) -> {
            if (changed.contains(key.namespace())) {
              updateWorkload(key, k.identity);
            }
          });
    }
  }

  private static boolean sameOwnership(HasMetadata a, HasMetadata b) {
    return Objects.equals(a.getMetadata().getUid(), b.getMetadata().getUid())
        && Objects.equals(controllerOf(a.getMetadata()), controllerOf(b.getMetadata()));
  }

  private void updateWorkload(PodKey key, ObjectMeta identity) {
    Optional<WorkloadRef> ref = computeWorkload(identity);
    if (ref.isPresent()) {
      workloads.put(key, ref.get());
    } else {
      workloads.remove(key);
    }
  }

  /** The pod's workload as {@link WorkloadExtractor#fromCluster} sees it, given its controllers. */
  private Optional<WorkloadRef> computeWorkload(ObjectMeta identity) {
    String ns = identity.getNamespace();
    List<HasMetadata> objects = new ArrayList<>();
    objects.add(new PodBuilder().withMetadata(identity).build());
    OwnerReference owner = controllerOf(identity);
    if (owner != null) {
      HasMetadata direct = controllers.get(new ObjectRef(owner.getKind(), ns, owner.getName()));
      if (direct != null) {
        objects.add(direct);
        OwnerReference top = controllerOf(direct.getMetadata());
        if (top != null) {
          HasMetadata topObject = controllers.get(new ObjectRef(top.getKind(), ns, top.getName()));
          if (topObject != null) {
            objects.add(topObject);
          }
        }
      } else if ("Job".equals(owner.getKind()) && owner.getName().lastIndexOf('-') > 0) {
        // A CronJob names its Jobs <cronjob>-<minutes>: the extractor recognises the CronJob.
        String cronJob = owner.getName().substring(0, owner.getName().lastIndexOf('-'));
        HasMetadata c = controllers.get(new ObjectRef("CronJob", ns, cronJob));
        if (c != null) {
          objects.add(c);
        }
      }
    }
    try {
      return WorkloadIndex.of(extractor.fromCluster(Manifests.of(objects)))
          .workloadOf(ns, identity.getName());
    } catch (RuntimeException e) {
      return Optional.empty(); // an object the extractor cannot read: the pod stays unknown
    }
  }

  private void close(PodKey key, Known k) {
    if (k.ended || k.from == null) {
      return; // its end is already recorded (deletion or finish time), or it had no start
    }
    Instant to = k.lastSeen.isBefore(k.from) ? k.from : k.lastSeen;
    for (String ip : k.ips) {
      try {
        history.record(ip, key, k.from, to);
      } catch (IllegalArgumentException e) {
        // not an address: recordPod skipped it too
      }
    }
  }

  private void forget(Instant now) {
    Instant cutoff;
    try {
      cutoff = now.minus(memory);
    } catch (DateTimeException | ArithmeticException e) {
      return;
    }
    known
        .entrySet()
        .removeIf(
            e -> {
              boolean gone = !e.getValue().present && e.getValue().lastSeen.isBefore(cutoff);
              if (gone) {
                workloads.remove(e.getKey());
              }
              return gone;
            });
    history.forgetEndedBefore(cutoff);
  }

  /** What decides a pod's workload: its name, uid, controller and pod-template-hash label. */
  private static ObjectMeta identity(ObjectMeta m) {
    ObjectMetaBuilder b =
        new ObjectMetaBuilder()
            .withNamespace(m.getNamespace())
            .withName(m.getName())
            .withUid(m.getUid())
            .withCreationTimestamp(m.getCreationTimestamp());
    if (m.getLabels() != null && m.getLabels().containsKey(POD_TEMPLATE_HASH)) {
      b.withLabels(Map.of(POD_TEMPLATE_HASH, m.getLabels().get(POD_TEMPLATE_HASH)));
    }
    OwnerReference owner = controllerOf(m);
    if (owner != null) {
      b.withOwnerReferences(owner);
    }
    return b.build();
  }

  private static OwnerReference controllerOf(ObjectMeta m) {
    if (m.getOwnerReferences() == null) {
      return null;
    }
    for (OwnerReference r : m.getOwnerReferences()) {
      if (r != null && Boolean.TRUE.equals(r.getController()) && r.getKind() != null) {
        return r;
      }
    }
    return null;
  }

  // The same rules as PodIpHistory.recordPod, so that closing an interval replaces the one it made.
  private static Instant from(Pod pod) {
    Instant start = pod.getStatus() == null ? null : time(pod.getStatus().getStartTime());
    return start != null ? start : time(pod.getMetadata().getCreationTimestamp());
  }

  private static boolean ended(Pod pod) {
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return true;
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return ("Succeeded".equals(phase) || "Failed".equals(phase))
        && pod.getStatus().getContainerStatuses() != null
        && pod.getStatus().getContainerStatuses().stream()
            .anyMatch(
                s ->
                    s != null
                        && s.getState() != null
                        && s.getState().getTerminated() != null
                        && time(s.getState().getTerminated().getFinishedAt()) != null);
  }

  private static List<String> ips(Pod pod) {
    if (pod.getStatus() == null
        || (pod.getSpec() != null && Boolean.TRUE.equals(pod.getSpec().getHostNetwork()))) {
      return List.of();
    }
    Set<String> ips = new LinkedHashSet<>();
    if (pod.getStatus().getPodIPs() != null) {
      for (PodIP ip : pod.getStatus().getPodIPs()) {
        if (ip != null && ip.getIp() != null) {
          ips.add(ip.getIp());
        }
      }
    }
    if (pod.getStatus().getPodIP() != null) {
      ips.add(pod.getStatus().getPodIP());
    }
    return List.copyOf(ips);
  }

  private static Instant time(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeException e) {
      return null;
    }
  }
}
