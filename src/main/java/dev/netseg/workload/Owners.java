package dev.netseg.workload;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reading {@code metadata.ownerReferences}. */
final class Owners {
  /** The kinds that own pods or the controllers of pods. */
  static final Set<String> CONTROLLER_KINDS =
      Set.of(
          "Deployment",
          "ReplicaSet",
          "ReplicationController",
          "StatefulSet",
          "DaemonSet",
          "Job",
          "CronJob");

  private Owners() {}

  static List<OwnerReference> all(HasMetadata object) {
    List<OwnerReference> refs =
        object.getMetadata() == null ? null : object.getMetadata().getOwnerReferences();
    return refs == null ? List.of() : refs;
  }

  /**
   * The object's managing controller: the owner reference marked {@code controller: true}, else
   * (hand-written manifests often omit the flag) the first owner of a controller kind.
   */
  static Optional<OwnerReference> controller(HasMetadata object) {
    List<OwnerReference> refs = all(object);
    for (OwnerReference r : refs) {
      if (Boolean.TRUE.equals(r.getController())) {
        return Optional.of(r);
      }
    }
    return refs.stream().filter(r -> CONTROLLER_KINDS.contains(r.getKind())).findFirst();
  }

  /**
   * True when the reference names this object: same kind and name (the namespace is the dependent's
   * own), and the same uid when both carry one.
   */
  static boolean refersTo(OwnerReference ref, HasMetadata owner) {
    if (!owner.getKind().equals(ref.getKind())
        || !owner.getMetadata().getName().equals(ref.getName())) {
      return false;
    }
    String uid = owner.getMetadata().getUid();
    return ref.getUid() == null || uid == null || ref.getUid().equals(uid);
  }
}
