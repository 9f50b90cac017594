package dev.netseg.operator.learn;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.Map;

/** Pods and flow lines for the learning tests. */
final class TestPods {
  private TestPods() {}

  /**
   * A running pod of Deployment {@code deployment} (through ReplicaSet {@code <deployment>-5d8f},
   * not listed) holding {@code ip} since {@code start}.
   */
  static Pod deploymentPod(
      String namespace, String deployment, String pod, String ip, Instant start) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(pod)
        .withUid("uid-" + namespace + "-" + pod + "-" + start.getEpochSecond())
        .withResourceVersion("1")
        .withCreationTimestamp(start.toString())
        .withLabels(Map.of("app", deployment, "pod-template-hash", "5d8f"))
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion("apps/v1")
                .withKind("ReplicaSet")
                .withName(deployment + "-5d8f")
                .withUid("rs-" + deployment)
                .withController(true)
                .build())
        .endMetadata()
        .withNewStatus()
        .withPhase("Running")
        .withStartTime(start.toString())
        .withPodIP(ip)
        .endStatus()
        .build();
  }

  /** A pod with no controller (a workload of its own, kind Pod). */
  static Pod barePod(String namespace, String pod, String ip, Instant start) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(pod)
        .withUid("uid-" + namespace + "-" + pod + "-" + start.getEpochSecond())
        .withResourceVersion("1")
        .withCreationTimestamp(start.toString())
        .endMetadata()
        .withNewStatus()
        .withPhase("Running")
        .withStartTime(start.toString())
        .withPodIP(ip)
        .endStatus()
        .build();
  }

  /** A netseg flow-format line from an address to a named pod. */
  static String line(Instant time, String srcIp, String dstNamespace, String dstPod, int port) {
    return line(time, srcIp, dstNamespace, dstPod, port, "FORWARDED");
  }

  static String line(
      Instant time, String srcIp, String dstNamespace, String dstPod, int port, String verdict) {
    return "{\"time\":\""
        + time
        + "\",\"src\":{\"ip\":\""
        + srcIp
        + "\"},\"dst\":{\"namespace\":\""
        + dstNamespace
        + "\",\"pod\":\""
        + dstPod
        + "\"},\"port\":"
        + port
        + ",\"verdict\":\""
        + verdict
        + "\"}";
  }
}
