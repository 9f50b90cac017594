package dev.netseg.dataplane;

import dev.netseg.policy.ClusterSnapshot;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Writes what a cluster would hold for the dataplane (namespaces, pods running on the node with
 * their IPs, NetworkPolicies), as its scheduler and kubelet would, and waits until kube-router has
 * turned every write into rules in the kernel ({@link #sync}). Every write notes the message
 * kube-router logs when it receives it; {@link #sync} waits for those and a full sync after them.
 */
final class ClusterDriver {
  private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(60);

  private final KubernetesClient admin;
  private final KubeRouter router;
  private final String nodeName;
  private final String nodeIp;
  private final List<String> expected = new ArrayList<>();
  private int mark;

  ClusterDriver(KubernetesClient admin, KubeRouter router, String nodeName, String nodeIp) {
    this.admin = admin;
    this.router = router;
    this.nodeName = nodeName;
    this.nodeIp = nodeIp;
    this.mark = router.log().mark();
  }

  KubernetesClient admin() {
    return admin;
  }

  /** Creates a namespace with these labels (the API server adds its name label). */
  synchronized void createNamespace(String name, Map<String, String> labels) {
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .build())
        .create();
    expected.add(KubeRouterLog.namespaceUpdated(name));
  }

  /** Replaces the namespace's labels (its name label stays, as the API server keeps it). */
  synchronized void relabelNamespace(String name, Map<String, String> labels) {
    Namespace ns = admin.namespaces().withName(name).get();
    Map<String, String> next = new LinkedHashMap<>(labels);
    next.put("kubernetes.io/metadata.name", name);
    if (next.equals(ns.getMetadata().getLabels())) {
      return;
    }
    ns.getMetadata().setLabels(next);
    admin.namespaces().resource(ns).update();
    expected.add(KubeRouterLog.namespaceUpdated(name));
  }

  /**
   * Creates {@code pod} on this node (its spec and labels as given), then sets it Running with
   * {@code ip} through the status subresource, as the kubelet would.
   */
  synchronized Pod runPod(Pod pod, String ip) {
    Pod spec =
        new PodBuilder(pod).withStatus(null).editSpec().withNodeName(nodeName).endSpec().build();
    spec.getMetadata().setResourceVersion(null);
    Pod created =
        admin.pods().inNamespace(pod.getMetadata().getNamespace()).resource(spec).create();
    Pod running =
        new PodBuilder(created)
            .withNewStatus()
            .withPhase("Running")
            .withPodIP(ip)
            .addNewPodIP()
            .withIp(ip)
            .endPodIP()
            .withHostIP(nodeIp)
            .addNewHostIP()
            .withIp(nodeIp)
            .endHostIP()
            .endStatus()
            .build();
    Pod stored =
        admin
            .pods()
            .inNamespace(created.getMetadata().getNamespace())
            .resource(running)
            .updateStatus();
    expected.add(
        KubeRouterLog.podUpdated(pod.getMetadata().getNamespace(), pod.getMetadata().getName()));
    return stored;
  }

  /** Replaces a pod's labels. */
  synchronized void relabelPod(String namespace, String name, Map<String, String> labels) {
    Pod pod = admin.pods().inNamespace(namespace).withName(name).get();
    if (labels.equals(pod.getMetadata().getLabels())) {
      return;
    }
    pod.getMetadata().setLabels(new LinkedHashMap<>(labels));
    admin.pods().inNamespace(namespace).resource(pod).update();
    expected.add(KubeRouterLog.podUpdated(namespace, name));
  }

  /** Deletes a pod at once (no kubelet would confirm a graceful deletion). */
  synchronized void deletePod(String namespace, String name) {
    admin.pods().inNamespace(namespace).withName(name).withGracePeriod(0).delete();
    expected.add(KubeRouterLog.podDeleted(namespace, name));
  }

  /**
   * Creates or replaces a NetworkPolicy (server-side apply). Applying what is already stored
   * changes nothing, so kube-router then receives nothing and none is awaited.
   */
  synchronized NetworkPolicy apply(NetworkPolicy policy) {
    NetworkPolicy copy = new NetworkPolicyBuilder(policy).build();
    copy.getMetadata().setResourceVersion(null);
    copy.getMetadata().setManagedFields(null);
    NetworkPolicy before =
        admin
            .network()
            .v1()
            .networkPolicies()
            .inNamespace(copy.getMetadata().getNamespace())
            .withName(copy.getMetadata().getName())
            .get();
    NetworkPolicy stored =
        admin.resource(copy).forceConflicts().fieldManager("dataplane").serverSideApply();
    String version = stored.getMetadata().getResourceVersion();
    if (before == null || !before.getMetadata().getResourceVersion().equals(version)) {
      expected.add(
          KubeRouterLog.policyUpdated(
              stored.getMetadata().getNamespace(), stored.getMetadata().getName()));
    }
    return stored;
  }

  /**
   * Notes policies that another writer (the operator) wrote or deleted, so that {@link #sync} waits
   * for kube-router to have received those changes too.
   */
  synchronized void writtenElsewhere(List<String> updated, List<String> deleted) {
    for (String nsName : updated) {
      String[] p = nsName.split("/", 2);
      expected.add(KubeRouterLog.policyUpdated(p[0], p[1]));
    }
    for (String nsName : deleted) {
      String[] p = nsName.split("/", 2);
      expected.add(KubeRouterLog.policyDeleted(p[0], p[1]));
    }
  }

  synchronized void deletePolicy(String namespace, String name) {
    admin.network().v1().networkPolicies().inNamespace(namespace).withName(name).delete();
    expected.add(KubeRouterLog.policyDeleted(namespace, name));
  }

  /** Deletes every pod and policy of the namespace. */
  synchronized void empty(String namespace) {
    for (Pod p : admin.pods().inNamespace(namespace).list().getItems()) {
      deletePod(namespace, p.getMetadata().getName());
    }
    for (NetworkPolicy p :
        admin.network().v1().networkPolicies().inNamespace(namespace).list().getItems()) {
      deletePolicy(namespace, p.getMetadata().getName());
    }
  }

  /**
   * Deletes the namespace with its pods and policies, and finalizes it as the namespace controller
   * (which kube-apiserver does not run) would, so that its name can be used again.
   */
  synchronized void deleteNamespace(String name) {
    if (admin.namespaces().withName(name).get() == null) {
      return;
    }
    empty(name);
    admin.namespaces().withName(name).delete();
    Namespace terminating = admin.namespaces().withName(name).get();
    if (terminating != null) {
      terminating.getSpec().setFinalizers(List.of());
      try {
        admin.raw("/api/v1/namespaces/" + name + "/finalize", "PUT", terminating);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404) {
          throw e;
        }
      }
    }
    admin.namespaces().withName(name).waitUntilCondition(n -> n == null, 30, TimeUnit.SECONDS);
    expected.add(KubeRouterLog.namespaceDeleted(name));
  }

  /**
   * Waits until kube-router has received every write since the last sync and finished a full sync
   * after them: from then on, the rules in the kernel are those of the objects written.
   */
  synchronized void sync() {
    if (expected.isEmpty()) {
      return;
    }
    List<String> waiting = List.copyOf(expected);
    int from = mark;
    router.await(
        () -> router.log().synced(from, waiting),
        SYNC_TIMEOUT,
        "a full sync after receiving " + waiting);
    expected.clear();
    mark = router.log().mark();
  }

  /** Every namespace, pod and NetworkPolicy of the API server: what the engine must judge. */
  ClusterSnapshot snapshot() {
    return new ClusterSnapshot(
        admin.namespaces().list().getItems(),
        admin.pods().inAnyNamespace().list().getItems(),
        admin.network().v1().networkPolicies().inAnyNamespace().list().getItems());
  }
}
