package dev.netseg.dataplane;

import dev.netseg.policy.Endpoint;
import dev.netseg.policy.Protocol;
import inet.ipaddr.IPAddressString;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * An example application on the dataplane: every manifest of its folder applied as {@code kubectl
 * apply} would (namespaces first), each Deployment's and StatefulSet's pods running on the node in
 * a network namespace of their own that serves the pod's container ports (owned as their
 * controllers would own them: a Deployment's pods by its ReplicaSet, which is left out), plus what
 * a cluster has around it: a kube-dns pod in kube-system (labelled {@code k8s-app: kube-dns},
 * serving UDP and TCP 53) and a host outside the pod network standing for the application's
 * external peer.
 */
final class ShopWorld implements AutoCloseable {
  private static final String POD_NET = "10.2.0.";
  private static final String HASH = "7c9d5b8f4";
  private static final String DNS_POD = "coredns-0";

  /** One pod of the world, with the workload it belongs to ({@code ns/name[Kind]}). */
  record ShopPod(Peer peer, String workload, List<PortKey> serves) {}

  private final DataplaneFixture dataplane;
  private final List<String> namespaces;
  private final List<ShopPod> pods;

  /** Pods of workloads run later ({@link #runPods}), not part of the world's probes. */
  private final List<ShopPod> extra = new ArrayList<>();

  private final ShopPod dns;
  private final Peer outside;
  private final List<PortKey> outsidePorts;
  private final List<Host> hosts;

  private ShopWorld(
      DataplaneFixture dataplane,
      List<String> namespaces,
      List<ShopPod> pods,
      ShopPod dns,
      Peer outside,
      List<PortKey> outsidePorts,
      List<Host> hosts) {
    this.dataplane = dataplane;
    this.namespaces = namespaces;
    this.pods = new ArrayList<>(pods);
    this.dns = dns;
    this.outside = outside;
    this.outsidePorts = List.copyOf(outsidePorts);
    this.hosts = new ArrayList<>(hosts);
  }

  /**
   * Applies every manifest in {@code dir} and runs the pods; {@code outsideIp} (with the ports it
   * serves) stands for the application's external peer.
   */
  static ShopWorld create(
      DataplaneFixture dataplane, Path dir, String outsideIp, List<PortKey> outsidePorts) {
    KubernetesClient admin = dataplane.cluster().admin();
    List<HasMetadata> objects = load(admin, dir);
    List<String> namespaces = new ArrayList<>();
    List<Pod> templates = new ArrayList<>();
    List<String> workloads = new ArrayList<>();
    for (HasMetadata o : objects) {
      o.getMetadata().setManagedFields(null);
      if (o instanceof Namespace n) {
        namespaces.add(n.getMetadata().getName());
        dataplane
            .cluster()
            .createNamespace(
                n.getMetadata().getName(),
                Optional.ofNullable(n.getMetadata().getLabels()).orElse(Map.of()));
        continue;
      }
      HasMetadata stored =
          admin.resource(o).fieldManager("kubectl").forceConflicts().serverSideApply();
      for (Pod p : podsOf(stored)) {
        templates.add(p);
        workloads.add(
            stored.getMetadata().getNamespace()
                + "/"
                + stored.getMetadata().getName()
                + "["
                + stored.getKind()
                + "]");
      }
    }
    templates.add(dnsPod());
    workloads.add("kube-system/kube-dns[Service]");

    List<String> ips = new ArrayList<>();
    for (int i = 0; i < templates.size(); i++) {
      ips.add(POD_NET + (i + 1));
    }
    ips.add(outsideIp);
    List<Host> hosts = dataplane.addHosts(ips);
    List<ShopPod> pods = new ArrayList<>();
    for (int i = 0; i < templates.size(); i++) {
      Pod pod = templates.get(i);
      Host h = hosts.get(i);
      List<PortKey> serves = containerPorts(pod);
      serve(h, serves);
      dataplane.cluster().runPod(pod, h.ip());
      String ns = pod.getMetadata().getNamespace();
      String name = pod.getMetadata().getName();
      pods.add(
          new ShopPod(
              new Peer(ns + "/" + name, new Endpoint.PodRef(ns, name), h.agent(), h.ip()),
              workloads.get(i),
              serves));
    }
    Host out = hosts.get(hosts.size() - 1);
    serve(out, outsidePorts);
    Peer outside =
        new Peer(
            "outside " + outsideIp,
            new Endpoint.Address(new IPAddressString(outsideIp).getAddress()),
            out.agent(),
            outsideIp);
    dataplane.cluster().sync();
    ShopPod dns = pods.remove(pods.size() - 1);
    return new ShopWorld(dataplane, namespaces, pods, dns, outside, outsidePorts, hosts);
  }

  /** The application's pods (not the kube-dns stand-in), replacements included. */
  List<ShopPod> pods() {
    return List.copyOf(pods);
  }

  /**
   * Applies a Deployment or StatefulSet the way a user does later on, and runs its pods as its
   * controller and the kubelet would, each in a network namespace of its own at the given address
   * (one address per replica), serving its container ports.
   */
  List<ShopPod> run(HasMetadata workload, List<String> ips) {
    HasMetadata stored = apply(workload);
    return runPods(stored, hosts(ips));
  }

  /** Network namespaces at these addresses, for pods to come. */
  List<Host> hosts(List<String> ips) {
    List<Host> started = dataplane.addHosts(ips);
    hosts.addAll(started);
    return started;
  }

  /** Applies an object as {@code kubectl apply --server-side} does. */
  HasMetadata apply(HasMetadata object) {
    object.getMetadata().setManagedFields(null);
    return dataplane
        .cluster()
        .admin()
        .resource(object)
        .fieldManager("kubectl")
        .forceConflicts()
        .serverSideApply();
  }

  /**
   * Runs the pods a Deployment's controller would make for {@code workload} (applied or not), one
   * on each host, as the kubelet would.
   */
  List<ShopPod> runPods(HasMetadata workload, List<Host> on) {
    List<Pod> replicas = podsOf(workload);
    if (replicas.size() != on.size()) {
      throw new IllegalArgumentException(replicas.size() + " pods, " + on.size() + " hosts");
    }
    List<ShopPod> out = new ArrayList<>();
    for (int i = 0; i < replicas.size(); i++) {
      out.add(start(replicas.get(i), on.get(i), workloadName(workload)));
    }
    extra.addAll(out);
    return out;
  }

  /** A replacement of {@code pod}: the same template, a new name and a new address. */
  ShopPod replace(ShopPod pod, String newName, String ip) {
    KubernetesClient admin = dataplane.cluster().admin();
    String ns = pod.peer().name().split("/")[0];
    Pod old = admin.pods().inNamespace(ns).withName(pod.peer().name().split("/")[1]).get();
    dataplane.cluster().deletePod(ns, old.getMetadata().getName());
    Pod fresh =
        new PodBuilder()
            .withNewMetadata()
            .withNamespace(ns)
            .withName(newName)
            .withLabels(old.getMetadata().getLabels())
            .withAnnotations(old.getMetadata().getAnnotations())
            .withOwnerReferences(old.getMetadata().getOwnerReferences())
            .endMetadata()
            .withSpec(old.getSpec())
            .build();
    Host host = hosts(List.of(ip)).get(0);
    ShopPod replacement = start(fresh, host, pod.workload());
    pods.set(pods.indexOf(pod), replacement);
    return replacement;
  }

  private ShopPod start(Pod pod, Host h, String workload) {
    List<PortKey> serves = containerPorts(pod);
    serve(h, serves);
    dataplane.cluster().runPod(pod, h.ip());
    String ns = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    return new ShopPod(
        new Peer(ns + "/" + name, new Endpoint.PodRef(ns, name), h.agent(), h.ip()),
        workload,
        serves);
  }

  private static String workloadName(HasMetadata stored) {
    return stored.getMetadata().getNamespace()
        + "/"
        + stored.getMetadata().getName()
        + "["
        + stored.getKind()
        + "]";
  }

  /** A pod of the world by its workload's name, extra workloads ({@link #run}) included. */
  Peer peer(String namespace, String workload) {
    return extra.stream()
        .filter(p -> p.workload().startsWith(namespace + "/" + workload + "["))
        .map(ShopPod::peer)
        .findFirst()
        .orElseGet(() -> pod(namespace, workload));
  }

  /** The first pod of workload {@code name} in {@code namespace}. */
  Peer pod(String namespace, String name) {
    return pods.stream()
        .filter(p -> p.workload().startsWith(namespace + "/" + name + "["))
        .map(ShopPod::peer)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no pod of " + namespace + "/" + name));
  }

  ShopPod dns() {
    return dns;
  }

  Peer outside() {
    return outside;
  }

  /** The ports the outside host serves. */
  List<PortKey> outsidePorts() {
    return outsidePorts;
  }

  private static void serve(Host h, List<PortKey> ports) {
    for (PortKey p : ports) {
      h.agent()
          .call(
              "listen "
                  + p.protocol().name().toLowerCase(Locale.ROOT)
                  + " "
                  + h.ip()
                  + " "
                  + p.port());
    }
  }

  private static List<PortKey> containerPorts(Pod pod) {
    List<PortKey> out = new ArrayList<>();
    for (Container c : pod.getSpec().getContainers()) {
      for (ContainerPort p : Optional.ofNullable(c.getPorts()).orElse(List.of())) {
        Protocol protocol =
            Protocol.parse(p.getProtocol() == null ? "TCP" : p.getProtocol()).orElseThrow();
        out.add(new PortKey(protocol, p.getContainerPort()));
      }
    }
    return out;
  }

  /** Every manifest of the folder (whatever the files are called), namespaces first. */
  private static List<HasMetadata> load(KubernetesClient admin, Path dir) {
    List<HasMetadata> objects = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f :
          files
              .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
              .sorted()
              .toList()) {
        try (InputStream in = Files.newInputStream(f)) {
          objects.addAll(admin.load(in).items());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the manifests in " + dir, e);
    }
    objects.sort(Comparator.comparing(o -> o instanceof Namespace ? 0 : 1));
    return objects;
  }

  /** The pods the Deployment or StatefulSet controller would make, named as it would. */
  private static List<Pod> podsOf(HasMetadata stored) {
    List<Pod> out = new ArrayList<>();
    if (stored instanceof Deployment d) {
      int replicas = Optional.ofNullable(d.getSpec().getReplicas()).orElse(1);
      String replicaSet = d.getMetadata().getName() + "-" + HASH;
      OwnerReference owner =
          controller(
              "ReplicaSet",
              replicaSet,
              UUID.nameUUIDFromBytes(
                      (d.getMetadata().getNamespace() + "/" + replicaSet)
                          .getBytes(StandardCharsets.UTF_8))
                  .toString());
      for (int i = 0; i < replicas; i++) {
        String name = replicaSet + "-p" + i;
        Pod p = pod(d.getMetadata().getNamespace(), name, d.getSpec().getTemplate(), HASH);
        p.getMetadata().setOwnerReferences(List.of(owner));
        out.add(p);
      }
    } else if (stored instanceof StatefulSet s) {
      int replicas = Optional.ofNullable(s.getSpec().getReplicas()).orElse(1);
      for (int i = 0; i < replicas; i++) {
        String name = s.getMetadata().getName() + "-" + i;
        Pod p = pod(s.getMetadata().getNamespace(), name, s.getSpec().getTemplate(), null);
        p.getMetadata()
            .setOwnerReferences(
                List.of(
                    controller(
                        "StatefulSet", s.getMetadata().getName(), s.getMetadata().getUid())));
        for (PersistentVolumeClaim claim :
            Optional.ofNullable(s.getSpec().getVolumeClaimTemplates()).orElse(List.of())) {
          String volume = claim.getMetadata().getName();
          p.getSpec()
              .getVolumes()
              .add(
                  new VolumeBuilder()
                      .withName(volume)
                      .withNewPersistentVolumeClaim()
                      .withClaimName(volume + "-" + name)
                      .endPersistentVolumeClaim()
                      .build());
        }
        out.add(p);
      }
    }
    return out;
  }

  /** The owner reference the Deployment's ReplicaSet or the StatefulSet controller writes. */
  private static OwnerReference controller(String kind, String name, String uid) {
    return new OwnerReferenceBuilder()
        .withApiVersion("apps/v1")
        .withKind(kind)
        .withName(name)
        .withUid(uid)
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  private static Pod pod(String namespace, String name, PodTemplateSpec template, String hash) {
    Map<String, String> labels = new LinkedHashMap<>(template.getMetadata().getLabels());
    if (hash != null) {
      labels.put("pod-template-hash", hash);
    }
    Pod p =
        new PodBuilder()
            .withNewMetadata()
            .withNamespace(namespace)
            .withName(name)
            .withLabels(labels)
            .withAnnotations(template.getMetadata().getAnnotations())
            .endMetadata()
            .withSpec(template.getSpec())
            .build();
    if (p.getSpec().getVolumes() == null) {
      p.getSpec().setVolumes(new ArrayList<>());
    }
    return p;
  }

  /** What a cluster's DNS looks like to a NetworkPolicy: kube-system pods labelled kube-dns. */
  private static Pod dnsPod() {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace("kube-system")
        .withName(DNS_POD)
        .withLabels(Map.of("k8s-app", "kube-dns"))
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("coredns")
        .withImage("registry.k8s.io/coredns/coredns:v1.12.0")
        .addNewPort()
        .withName("dns")
        .withContainerPort(53)
        .withProtocol("UDP")
        .endPort()
        .addNewPort()
        .withName("dns-tcp")
        .withContainerPort(53)
        .withProtocol("TCP")
        .endPort()
        .endContainer()
        .endSpec()
        .build();
  }

  @Override
  public void close() {
    ClusterDriver cluster = dataplane.cluster();
    cluster.deletePod("kube-system", DNS_POD);
    for (String ns : namespaces) {
      cluster.deleteNamespace(ns);
    }
    cluster.sync();
    dataplane.removeHosts(hosts);
  }
}
