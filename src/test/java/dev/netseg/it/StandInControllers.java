package dev.netseg.it;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What the controllers and kubelets of a real cluster would do for a Deployment or StatefulSet that
 * was just stored: kube-apiserver runs none, so its pods are created directly (owned as their
 * controllers would own them) and each gets an IP through the status subresource.
 */
final class StandInControllers {
  /** The pod-template-hash label the Deployment controller would set. */
  static final String HASH = "7c9d5b8f4";

  private final KubernetesClient admin;
  private final String ipPrefix;
  private int nextIp = 10;

  /**
   * @param ipPrefix the first three octets of the pod IPs, with the dot (e.g. {@code 10.244.0.})
   */
  StandInControllers(KubernetesClient admin, String ipPrefix) {
    this.admin = admin;
    this.ipPrefix = ipPrefix;
  }

  /** The running pods of a stored Deployment or StatefulSet; none for any other object. */
  List<Pod> podsOf(HasMetadata stored) {
    if (stored instanceof Deployment d) {
      return podsOf(d);
    }
    if (stored instanceof StatefulSet s) {
      return podsOf(s);
    }
    return List.of();
  }

  private List<Pod> podsOf(Deployment d) {
    String rs = d.getMetadata().getName() + "-" + HASH;
    // The ReplicaSet itself is left out: the pod-template-hash names the Deployment.
    OwnerReference owner =
        new OwnerReferenceBuilder()
            .withApiVersion("apps/v1")
            .withKind("ReplicaSet")
            .withName(rs)
            .withUid(UUID.nameUUIDFromBytes(rs.getBytes(StandardCharsets.UTF_8)).toString())
            .withController(true)
            .withBlockOwnerDeletion(true)
            .build();
    int replicas = Optional.ofNullable(d.getSpec().getReplicas()).orElse(1);
    List<Pod> pods = new ArrayList<>();
    for (int i = 0; i < replicas; i++) {
      Map<String, String> extra = Map.of("pod-template-hash", HASH);
      pods.add(
          run(
              d.getMetadata().getNamespace(),
              rs + "-p" + i,
              d.getSpec().getTemplate(),
              owner,
              extra));
    }
    return pods;
  }

  private List<Pod> podsOf(StatefulSet s) {
    OwnerReference owner =
        new OwnerReferenceBuilder()
            .withApiVersion("apps/v1")
            .withKind("StatefulSet")
            .withName(s.getMetadata().getName())
            .withUid(s.getMetadata().getUid())
            .withController(true)
            .withBlockOwnerDeletion(true)
            .build();
    int replicas = Optional.ofNullable(s.getSpec().getReplicas()).orElse(1);
    List<Pod> pods = new ArrayList<>();
    for (int i = 0; i < replicas; i++) {
      String name = s.getMetadata().getName() + "-" + i;
      // The StatefulSet controller gives each pod a volume per claim template, named after it.
      PodTemplateSpec template = new PodTemplateSpecBuilder(s.getSpec().getTemplate()).build();
      for (PersistentVolumeClaim claim :
          Optional.ofNullable(s.getSpec().getVolumeClaimTemplates()).orElse(List.of())) {
        String volume = claim.getMetadata().getName();
        if (template.getSpec().getVolumes() == null) {
          template.getSpec().setVolumes(new ArrayList<>());
        }
        template
            .getSpec()
            .getVolumes()
            .add(
                new VolumeBuilder()
                    .withName(volume)
                    .withNewPersistentVolumeClaim()
                    .withClaimName(volume + "-" + name)
                    .endPersistentVolumeClaim()
                    .build());
      }
      pods.add(
          run(
              s.getMetadata().getNamespace(),
              name,
              template,
              owner,
              Map.of("statefulset.kubernetes.io/pod-name", name)));
    }
    return pods;
  }

  /** Creates the pod from its template, then sets it Running with an IP, as a kubelet would. */
  Pod run(
      String namespace,
      String name,
      PodTemplateSpec template,
      OwnerReference owner,
      Map<String, String> extraLabels) {
    Map<String, String> labels = new LinkedHashMap<>(template.getMetadata().getLabels());
    labels.putAll(extraLabels);
    Pod created =
        admin
            .pods()
            .inNamespace(namespace)
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .withNamespace(namespace)
                    .withLabels(labels)
                    .withAnnotations(template.getMetadata().getAnnotations())
                    .withOwnerReferences(owner)
                    .endMetadata()
                    .withSpec(template.getSpec())
                    .build())
            .create();
    String ip = ipPrefix + nextIp++;
    Pod running =
        new PodBuilder(created)
            .withNewStatus()
            .withPhase("Running")
            .withPodIP(ip)
            .withPodIPs(new PodIPBuilder().withIp(ip).build())
            .withHostIP("172.18.0.2")
            .endStatus()
            .build();
    return admin.pods().inNamespace(namespace).resource(running).updateStatus();
  }
}
