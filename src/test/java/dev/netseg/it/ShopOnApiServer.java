package dev.netseg.it;

import dev.netseg.testing.KubectlOrder;
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
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Puts the example application ({@code examples/shop}: namespaces shop, data and payments) on an
 * API server as a user would, then does what the controllers and kubelets of a real cluster would:
 * kube-apiserver runs none, so each Deployment and StatefulSet gets its pods created directly
 * (owned as their controllers would own them) and each pod gets an IP through the status
 * subresource.
 */
final class ShopOnApiServer {
  static final Path DIR = Path.of("examples", "shop");
  static final List<String> NAMESPACES = List.of("shop", "data", "payments");

  /** The pod-template-hash label the Deployment controller would set. */
  private static final String HASH = "7c9d5b8f4";

  private final KubernetesClient admin;
  private int nextIp = 10;

  ShopOnApiServer(KubernetesClient admin) {
    this.admin = admin;
  }

  /**
   * Applies every manifest of the example in the order {@code kubectl apply -f examples/shop/} does
   * ({@code 00-namespaces.yaml} first) and creates its running pods.
   */
  List<Pod> install() {
    List<HasMetadata> objects = new ArrayList<>();
    for (Path file : KubectlOrder.files(DIR)) {
      objects.addAll(load(file));
    }
    List<Pod> pods = new ArrayList<>();
    for (HasMetadata o : objects) {
      o.getMetadata().setManagedFields(null);
      HasMetadata stored =
          admin.resource(o).fieldManager("kubectl").forceConflicts().serverSideApply();
      if (stored instanceof Deployment d) {
        pods.addAll(podsOf(d));
      } else if (stored instanceof StatefulSet s) {
        pods.addAll(podsOf(s));
      }
    }
    return pods;
  }

  private List<HasMetadata> load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return admin.load(in).items();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private List<Pod> podsOf(Deployment d) {
    String rs = d.getMetadata().getName() + "-" + HASH;
    // The ReplicaSet itself is left out: the pod-template-hash names the Deployment.
    OwnerReference owner =
        new OwnerReferenceBuilder()
            .withApiVersion("apps/v1")
            .withKind("ReplicaSet")
            .withName(rs)
            .withUid(
                UUID.nameUUIDFromBytes(rs.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .toString())
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
  private Pod run(
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
    String ip = "10.244.0." + nextIp++;
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
