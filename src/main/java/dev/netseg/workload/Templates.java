package dev.netseg.workload;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/** Pods that stand for a workload's pods when the pods themselves are not known. */
final class Templates {
  private Templates() {}

  /**
   * A pod built from a pod template: named after the workload, in its namespace, with the
   * template's labels, annotations and spec (copied), and no status (so no IPs).
   */
  static Pod fromTemplate(String namespace, String name, PodTemplateSpec template) {
    ObjectMeta meta = template == null ? null : template.getMetadata();
    PodSpec spec = template == null ? null : template.getSpec();
    return pod(namespace, name, meta, spec);
  }

  /** A copy of a pod from manifests with its labels, annotations and spec, without status. */
  static Pod fromManifestPod(Pod pod) {
    ObjectMeta meta = pod.getMetadata();
    return pod(meta.getNamespace(), meta.getName(), meta, pod.getSpec());
  }

  private static Pod pod(String namespace, String name, ObjectMeta meta, PodSpec spec) {
    return new PodBuilder()
        .withMetadata(
            new ObjectMetaBuilder()
                .withNamespace(namespace)
                .withName(name)
                .withLabels(copy(meta == null ? null : meta.getLabels()))
                .withAnnotations(copy(meta == null ? null : meta.getAnnotations()))
                .build())
        .withSpec(spec == null ? new PodSpec() : new PodSpecBuilder(spec).build())
        .build();
  }

  private static Map<String, String> copy(Map<String, String> map) {
    return map == null ? new LinkedHashMap<>() : new LinkedHashMap<>(map);
  }
}
