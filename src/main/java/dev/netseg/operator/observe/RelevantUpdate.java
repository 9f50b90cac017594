package dev.netseg.operator.observe;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;

/**
 * Whether an update changes anything netseg reads, so that the rest cause no reconcile. In a large
 * namespace most updates are status: a pod's readiness or restarts, a Deployment's replica counts
 * during a rollout. None of them changes a policy, yet each would re-run every profile of the
 * namespace. netseg reads no object's status but a pod's addresses and phase (what {@link
 * Trimming#pod} keeps), so an update is relevant when the object differs in anything else than its
 * resourceVersion, managed fields and (pods: trimmed) status.
 */
public final class RelevantUpdate {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private RelevantUpdate() {}

  public static boolean changes(HasMetadata updated, HasMetadata old) {
    if (old == null || updated == null) {
      return true;
    }
    return !view(updated).equals(view(old));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> view(HasMetadata object) {
    // A copy: the informer's objects are shared and must not change here.
    HasMetadata compared =
        object instanceof Pod pod ? Trimming.pod(new PodBuilder(pod).build()) : object;
    Map<String, Object> map = SERIALIZATION.convertValue(compared, Map.class);
    if (!(object instanceof Pod)) {
      map.remove("status");
    }
    Object meta = map.get("metadata");
    if (meta instanceof Map<?, ?> m) {
      Map<String, Object> metadata = (Map<String, Object>) m;
      metadata.remove("resourceVersion");
      metadata.remove("managedFields");
    }
    return map;
  }
}
