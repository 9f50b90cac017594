package dev.netseg.operator.observe;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drops what netseg never reads from cached objects, so that informer memory stays bounded in large
 * clusters: managed fields and the last-applied annotation everywhere, and for pods all of the
 * status but addresses and phase, and every volume that is not a ConfigMap.
 */
public final class Trimming {
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private Trimming() {}

  /** Removes managed fields and the last-applied annotation, in place. */
  public static <T extends HasMetadata> T metadata(T object) {
    ObjectMeta meta = object.getMetadata();
    if (meta != null) {
      meta.setManagedFields(null);
      Map<String, String> annotations = meta.getAnnotations();
      if (annotations != null && annotations.containsKey(LAST_APPLIED)) {
        Map<String, String> kept = new LinkedHashMap<>(annotations);
        kept.remove(LAST_APPLIED);
        meta.setAnnotations(kept);
      }
    }
    return object;
  }

  /** A pod with what the generator and the flow resolver need, and nothing else. */
  public static Pod pod(Pod pod) {
    metadata(pod);
    PodStatus status = pod.getStatus();
    PodBuilder b = new PodBuilder(pod);
    if (status != null) {
      b.withStatus(
          new PodStatusBuilder()
              .withPhase(status.getPhase())
              .withPodIP(status.getPodIP())
              .withPodIPs(status.getPodIPs())
              .withHostIP(status.getHostIP())
              .withHostIPs(status.getHostIPs())
              .withStartTime(status.getStartTime())
              .build());
    }
    if (pod.getSpec() != null && pod.getSpec().getVolumes() != null) {
      List<Volume> configMaps =
          pod.getSpec().getVolumes().stream()
              .filter(v -> v.getConfigMap() != null || v.getProjected() != null)
              .map(
                  v ->
                      new VolumeBuilder()
                          .withName(v.getName())
                          .withConfigMap(v.getConfigMap())
                          .withProjected(v.getProjected())
                          .build())
              .toList();
      b.editSpec().withVolumes(configMaps).endSpec();
    }
    return b.build();
  }
}
