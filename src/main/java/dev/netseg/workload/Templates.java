package dev.netseg.workload;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
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
    // Plain constructors for the small parts: fabric8 builders cost more than the rest of the
    // extraction together. The spec is deep-copied through its builder so that callers can never
    // change a manifest by changing a template.
    ObjectMeta copy = new ObjectMeta();
    copy.setNamespace(namespace);
    copy.setName(name);
    copy.setLabels(copy(meta == null ? null : meta.getLabels()));
    copy.setAnnotations(copy(meta == null ? null : meta.getAnnotations()));
    Pod pod = new Pod();
    pod.setMetadata(copy);
    pod.setSpec(spec == null ? new PodSpec() : new PodSpecBuilder(spec).build());
    return pod;
  }

  private static Map<String, String> copy(Map<String, String> map) {
    return map == null ? new LinkedHashMap<>() : new LinkedHashMap<>(map);
  }
}
