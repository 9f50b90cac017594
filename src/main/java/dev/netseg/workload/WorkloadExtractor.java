package dev.netseg.workload;

import dev.netseg.manifest.Manifests;
import dev.netseg.manifest.ObjectRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Groups Kubernetes objects into workloads: one per controller (Deployment, StatefulSet, DaemonSet,
 * ReplicaSet, ReplicationController, Job, CronJob) and one per bare pod. Pure: the same objects, in
 * any order, give the same workloads, sorted by {@link WorkloadRef}.
 */
public final class WorkloadExtractor {
  static final String POD_TEMPLATE_HASH = "pod-template-hash";
  private static final Pattern CRONJOB_RUN_SUFFIX = Pattern.compile("-[0-9]+");
  private static final Comparator<HasMetadata> BY_NAME =
      Comparator.comparing(o -> o.getMetadata().getName());

  /** Oldest first: earliest creationTimestamp (missing or unreadable ones last), then name. */
  private static final Comparator<Pod> OLDEST =
      Comparator.comparing((Pod p) -> created(p).orElse(Instant.MAX))
          .thenComparing(p -> p.getMetadata().getName());

  /**
   * Workloads from manifests: one per Deployment, StatefulSet, DaemonSet, ReplicaSet,
   * ReplicationController, Job, CronJob and bare Pod, with a pod built from the pod template
   * standing for its pods (named after the workload, no IPs) and no live pods. A ReplicaSet owned
   * by a Deployment of the set, a Job owned by a CronJob of the set and a Pod owned by any
   * controller of the set are not workloads of their own. Pods whose controller is not in the set
   * are grouped as that controller, with those pods ({@link #manifestPodOwner}); other pods are
   * workloads of their own.
   */
  public List<Workload> fromManifests(Manifests manifests) {
    Map<ObjectRef, HasMetadata> controllers = controllers(manifests);
    List<Workload> workloads = new ArrayList<>();
    Stream.of(
            manifests.deployments(),
            manifests.statefulSets(),
            manifests.daemonSets(),
            manifests.replicationControllers(),
            manifests.cronJobs())
        .flatMap(List::stream)
        .forEach(c -> workloads.add(fromController(c, List.of())));
    for (ReplicaSet rs : manifests.replicaSets()) {
      if (!ownedByOneOf(rs, Set.of("Deployment"), controllers)) {
        workloads.add(fromController(rs, List.of()));
      }
    }
    for (Job job : manifests.jobs()) {
      if (!ownedByOneOf(job, Set.of("CronJob"), controllers)) {
        workloads.add(fromController(job, List.of()));
      }
    }
    Map<WorkloadRef, Group> ownedElsewhere = new HashMap<>();
    for (Pod pod : manifests.pods()) {
      if (ownedByOneOf(pod, Owners.CONTROLLER_KINDS, controllers)) {
        continue;
      }
      WorkloadRef owner = manifestPodOwner(pod, controllers);
      if (owner.kind().equals("Pod")) {
        workloads.add(
            new Workload(
                ref(pod),
                pod.getMetadata(),
                StableSelectors.of(pod),
                Templates.fromManifestPod(pod),
                List.of()));
      } else if (!controllers.containsKey(
          new ObjectRef(owner.kind(), owner.namespace(), owner.name()))) {
        group(ownedElsewhere, owner).pods.add(pod);
      }
    }
    ownedElsewhere.forEach((ref, g) -> workloads.add(g.build(ref)));
    workloads.sort(Comparator.comparing(Workload::ref));
    return List.copyOf(workloads);
  }

  /**
   * The workload a pod listed in manifests belongs to when its controller is not among them, as
   * roxctl and np-guard report it: its controller ({@code ns/name[DaemonSet]}); for a ReplicaSet
   * named {@code <deployment>-<pod-template-hash>}, the Deployment when it is in the input, else
   * {@code ns/<deployment>[ReplicaSet]} without the hash; for a Job named after a CronJob of the
   * input, that CronJob. A pod without a controller of a kind that runs pods (a static pod, a
   * custom resource's pod) is a workload of its own ({@code [Pod]}).
   */
  private static WorkloadRef manifestPodOwner(Pod pod, Map<ObjectRef, HasMetadata> controllers) {
    String ns = namespace(pod);
    Optional<OwnerReference> owner = Owners.controller(pod);
    if (owner.isEmpty() || !Owners.CONTROLLER_KINDS.contains(owner.get().getKind())) {
      return ref(pod);
    }
    String kind = owner.get().getKind();
    String name = owner.get().getName();
    if (kind.equals("ReplicaSet")) {
      Optional<WorkloadRef> deployment = deploymentFromHash(pod, name);
      if (deployment.isPresent()) {
        return controllers.containsKey(new ObjectRef("Deployment", ns, deployment.get().name()))
            ? deployment.get()
            : new WorkloadRef(ns, deployment.get().name(), "ReplicaSet");
      }
    }
    if (kind.equals("Job")) {
      return cronJobFromName(ns, name, controllers).orElse(new WorkloadRef(ns, name, kind));
    }
    return new WorkloadRef(ns, name, kind);
  }

  /**
   * Workloads from a cluster's live objects: pods grouped by their controller through
   * ownerReferences (Pod→ReplicaSet→Deployment, Pod→Job→CronJob, Pod→StatefulSet, Pod→DaemonSet,
   * Pod→ReplicationController).
   *
   * <ul>
   *   <li>A pod whose ReplicaSet is not among the objects, but whose {@code pod-template-hash}
   *       label is the last dash-separated part of the ReplicaSet's name, belongs to the Deployment
   *       named by the rest; a pod of an unknown Job named {@code <cronjob>-<digits>} after a known
   *       CronJob belongs to that CronJob.
   *   <li>A pod without a controller, or whose controller is of another kind (a custom resource, a
   *       Node for static pods), is a workload of its own.
   *   <li>Controllers without pods are workloads too (a Deployment scaled to zero still needs its
   *       policy).
   *   <li>The template is built from the controller's pod template when the controller is known;
   *       otherwise it is the oldest of its pods (earliest creationTimestamp, then name).
   *   <li>The selector is the controller's stable selector; without the controller, that of its
   *       ReplicaSet or Job when known, else the stable labels all its pods share.
   * </ul>
   */
  public List<Workload> fromCluster(Manifests live) {
    Map<ObjectRef, HasMetadata> controllers = controllers(live);
    Map<WorkloadRef, Group> groups = new HashMap<>();
    Stream.of(
            live.deployments(),
            live.statefulSets(),
            live.daemonSets(),
            live.replicationControllers(),
            live.cronJobs())
        .flatMap(List::stream)
        .forEach(c -> group(groups, ref(c)).top = c);
    for (ReplicaSet rs : live.replicaSets()) {
      place(groups, rs, replicaSetTarget(rs));
    }
    for (Job job : live.jobs()) {
      place(groups, job, jobTarget(job));
    }
    for (Pod pod : live.pods()) {
      WorkloadRef target = podTarget(pod, controllers);
      Group g = group(groups, target);
      if (target.kind().equals("Pod")) {
        g.top = pod;
      }
      g.pods.add(pod);
    }
    List<Workload> workloads = new ArrayList<>();
    groups.forEach((ref, g) -> workloads.add(g.build(ref)));
    workloads.sort(Comparator.comparing(Workload::ref));
    return List.copyOf(workloads);
  }

  private static Map<ObjectRef, HasMetadata> controllers(Manifests m) {
    Map<ObjectRef, HasMetadata> index = new HashMap<>();
    Stream.of(
            m.deployments(),
            m.statefulSets(),
            m.daemonSets(),
            m.replicaSets(),
            m.replicationControllers(),
            m.jobs(),
            m.cronJobs())
        .flatMap(List::stream)
        .forEach(c -> index.put(ObjectRef.of(c), c));
    return index;
  }

  private static boolean ownedByOneOf(
      HasMetadata object, Set<String> kinds, Map<ObjectRef, HasMetadata> controllers) {
    for (OwnerReference r : Owners.all(object)) {
      if (kinds.contains(r.getKind())) {
        HasMetadata owner =
            controllers.get(new ObjectRef(r.getKind(), namespace(object), r.getName()));
        if (owner != null && Owners.refersTo(r, owner)) {
          return true;
        }
      }
    }
    return false;
  }

  private static Workload fromController(HasMetadata controller, List<Pod> pods) {
    WorkloadRef ref = ref(controller);
    return new Workload(
        ref,
        controller.getMetadata(),
        StableSelectors.of(controller),
        Templates.fromTemplate(ref.namespace(), ref.name(), template(controller)),
        pods);
  }

  private static void place(
      Map<WorkloadRef, Group> groups, HasMetadata controller, WorkloadRef target) {
    Group g = group(groups, target);
    if (target.equals(ref(controller))) {
      g.top = controller;
    } else {
      g.intermediates.add(controller);
    }
  }

  private static WorkloadRef replicaSetTarget(ReplicaSet rs) {
    Optional<OwnerReference> owner = Owners.controller(rs);
    if (owner.isPresent() && owner.get().getKind().equals("Deployment")) {
      return new WorkloadRef(namespace(rs), owner.get().getName(), "Deployment");
    }
    return ref(rs);
  }

  private static WorkloadRef jobTarget(Job job) {
    Optional<OwnerReference> owner = Owners.controller(job);
    if (owner.isPresent() && owner.get().getKind().equals("CronJob")) {
      return new WorkloadRef(namespace(job), owner.get().getName(), "CronJob");
    }
    return ref(job);
  }

  private static WorkloadRef podTarget(Pod pod, Map<ObjectRef, HasMetadata> controllers) {
    String ns = namespace(pod);
    Optional<OwnerReference> owner = Owners.controller(pod);
    if (owner.isEmpty() || !Owners.CONTROLLER_KINDS.contains(owner.get().getKind())) {
      return ref(pod);
    }
    String kind = owner.get().getKind();
    String name = owner.get().getName();
    HasMetadata known = controllers.get(new ObjectRef(kind, ns, name));
    if (kind.equals("ReplicaSet")) {
      if (known instanceof ReplicaSet rs) {
        return replicaSetTarget(rs);
      }
      return deploymentFromHash(pod, name).orElse(new WorkloadRef(ns, name, kind));
    }
    if (kind.equals("Job")) {
      if (known instanceof Job job) {
        return jobTarget(job);
      }
      return cronJobFromName(ns, name, controllers).orElse(new WorkloadRef(ns, name, kind));
    }
    return new WorkloadRef(ns, name, kind);
  }

  /**
   * The Deployment controller names a ReplicaSet {@code <deployment>-<pod-template-hash>} and
   * labels its pods with that hash, so the Deployment is known without the ReplicaSet object.
   */
  private static Optional<WorkloadRef> deploymentFromHash(Pod pod, String replicaSet) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    String hash = labels == null ? null : labels.get(POD_TEMPLATE_HASH);
    if (hash == null || hash.isEmpty()) {
      return Optional.empty();
    }
    String suffix = "-" + hash;
    if (!replicaSet.endsWith(suffix) || replicaSet.length() == suffix.length()) {
      return Optional.empty();
    }
    String deployment = replicaSet.substring(0, replicaSet.length() - suffix.length());
    return Optional.of(new WorkloadRef(namespace(pod), deployment, "Deployment"));
  }

  /** The CronJob controller names its Jobs {@code <cronjob>-<scheduled time in minutes>}. */
  private static Optional<WorkloadRef> cronJobFromName(
      String ns, String job, Map<ObjectRef, HasMetadata> controllers) {
    int dash = job.lastIndexOf('-');
    if (dash <= 0 || !CRONJOB_RUN_SUFFIX.matcher(job.substring(dash)).matches()) {
      return Optional.empty();
    }
    String cronJob = job.substring(0, dash);
    return controllers.containsKey(new ObjectRef("CronJob", ns, cronJob))
        ? Optional.of(new WorkloadRef(ns, cronJob, "CronJob"))
        : Optional.empty();
  }

  private static Group group(Map<WorkloadRef, Group> groups, WorkloadRef ref) {
    return groups.computeIfAbsent(ref, r -> new Group());
  }

  private static WorkloadRef ref(HasMetadata object) {
    return new WorkloadRef(namespace(object), object.getMetadata().getName(), object.getKind());
  }

  private static String namespace(HasMetadata object) {
    String ns = object.getMetadata().getNamespace();
    if (ns == null || ns.isEmpty()) {
      throw new IllegalArgumentException(
          object.getKind() + " " + object.getMetadata().getName() + " has no namespace");
    }
    return ns;
  }

  static PodTemplateSpec template(HasMetadata controller) {
    if (controller instanceof Deployment d) {
      return d.getSpec() == null ? null : d.getSpec().getTemplate();
    }
    if (controller instanceof StatefulSet s) {
      return s.getSpec() == null ? null : s.getSpec().getTemplate();
    }
    if (controller instanceof DaemonSet d) {
      return d.getSpec() == null ? null : d.getSpec().getTemplate();
    }
    if (controller instanceof ReplicaSet r) {
      return r.getSpec() == null ? null : r.getSpec().getTemplate();
    }
    if (controller instanceof ReplicationController r) {
      return r.getSpec() == null ? null : r.getSpec().getTemplate();
    }
    if (controller instanceof Job j) {
      return j.getSpec() == null ? null : j.getSpec().getTemplate();
    }
    if (controller instanceof CronJob c) {
      return c.getSpec() == null
              || c.getSpec().getJobTemplate() == null
              || c.getSpec().getJobTemplate().getSpec() == null
          ? null
          : c.getSpec().getJobTemplate().getSpec().getTemplate();
    }
    throw new IllegalArgumentException("not a workload controller: " + controller.getKind());
  }

  private static Optional<Instant> created(Pod pod) {
    String ts = pod.getMetadata().getCreationTimestamp();
    if (ts == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(ts));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** What is known about one workload of a cluster. */
  private static final class Group {
    /** The controller itself, or the pod of a bare-pod workload; null when unknown. */
    HasMetadata top;

    /** ReplicaSets of a Deployment, Jobs of a CronJob. */
    final List<HasMetadata> intermediates = new ArrayList<>();

    final List<Pod> pods = new ArrayList<>();

    Workload build(WorkloadRef ref) {
      List<Pod> sorted =
          pods.stream().sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList();
      if (top instanceof Pod pod) {
        return new Workload(ref, pod.getMetadata(), StableSelectors.of(pod), pod, sorted);
      }
      if (top != null) {
        return fromController(top, sorted);
      }
      List<HasMetadata> known = intermediates.stream().sorted(BY_NAME).toList();
      ObjectMeta meta =
          new ObjectMetaBuilder().withNamespace(ref.namespace()).withName(ref.name()).build();
      Pod template =
          pods.isEmpty()
              ? Templates.fromTemplate(ref.namespace(), ref.name(), template(known.get(0)))
              : pods.stream().min(OLDEST).orElseThrow();
      LabelSelector selector =
          known.isEmpty()
              ? StableSelectors.fromLabels(sharedLabels(pods))
              : StableSelectors.of(known.get(0));
      return new Workload(ref, meta, selector, template, sorted);
    }

    private static Map<String, String> sharedLabels(List<Pod> pods) {
      Map<String, String> shared = null;
      for (Pod p : pods) {
        Map<String, String> labels =
            p.getMetadata().getLabels() == null ? Map.of() : p.getMetadata().getLabels();
        if (shared == null) {
          shared = new TreeMap<>(labels);
        } else {
          shared.entrySet().removeIf(e -> !e.getValue().equals(labels.get(e.getKey())));
        }
      }
      return shared == null ? new LinkedHashMap<>() : shared;
    }
  }
}
