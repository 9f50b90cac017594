package dev.netseg.testing;

import dev.netseg.infer.InferenceInput;
import dev.netseg.workload.Workload;
import dev.netseg.workload.WorkloadRef;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Generated applications for property tests and benchmarks: namespaces of workloads, each behind a
 * Service of the same name (numeric or named target ports), reaching a few others through env vars
 * in every address form ({@code svc:port}, {@code svc.ns:port}, URLs, {@code .svc} names without a
 * port), some through ConfigMaps, some exposed by a LoadBalancer. Deterministic for a seed.
 */
public final class RandomApps {
  private static final String[] KINDS = {"Deployment", "Deployment", "StatefulSet", "DaemonSet"};

  private RandomApps() {}

  /** The generated objects and the workloads extracted from them. */
  public record App(List<Workload> workloads, List<HasMetadata> objects) {
    public InferenceInput input() {
      return InferenceInput.of(workloads, objects, List.of(), List.of());
    }
  }

  /**
   * @param references Service references per workload (each to every port of the target when no
   *     port is written, else one port)
   * @param podsPerWorkload live pods per workload, with IPs (0: templates only)
   */
  public static App generate(
      long seed, int namespaces, int workloadsPerNamespace, int references, int podsPerWorkload) {
    Random random = new Random(seed);
    List<Spec> specs = new ArrayList<>();
    for (int n = 0; n < namespaces; n++) {
      for (int i = 0; i < workloadsPerNamespace; i++) {
        specs.add(spec(random, "ns" + n, "w" + i));
      }
    }
    List<Workload> workloads = new ArrayList<>();
    List<HasMetadata> objects = new ArrayList<>();
    int podCounter = 0;
    for (Spec s : specs) {
      List<EnvVar> env = new ArrayList<>();
      Map<String, String> configData = new TreeMap<>();
      for (int r = 0; r < references; r++) {
        Spec target = specs.get(random.nextInt(specs.size()));
        if (target == s) {
          continue;
        }
        String value = address(random, s, target);
        if (random.nextInt(5) == 0) {
          configData.put("upstream" + r + ".url", value);
        } else {
          env.add(new EnvVar("UPSTREAM_" + r + "_ADDR", value, null));
        }
      }
      if (!configData.isEmpty()) {
        String cmName = s.name + "-config";
        ConfigMap cm = new ConfigMap();
        cm.setMetadata(meta(s.namespace, cmName, null));
        cm.setData(configData);
        objects.add(cm);
        env.add(
            new EnvVar(
                "SETTINGS",
                null,
                new EnvVarSourceBuilder()
                    .withNewConfigMapKeyRef(configData.keySet().iterator().next(), cmName, false)
                    .build()));
        // the other keys reach the pod through envFrom, as files would
        Container c = s.container;
        c.setEnvFrom(
            List.of(
                new io.fabric8.kubernetes.api.model.EnvFromSourceBuilder()
                    .withNewConfigMapRef(cmName, false)
                    .build()));
      }
      s.container.setEnv(env);
      Pod template = pod(s, s.name + "-template", null);
      LabelSelector selector = new LabelSelector(null, new TreeMap<>(Map.of("app", s.name)));
      List<Pod> pods = new ArrayList<>();
      for (int p = 0; p < podsPerWorkload; p++) {
        int k = podCounter++;
        pods.add(
            pod(
                s,
                s.name + "-5d8f7c-" + p,
                "10." + (k >> 16 & 255) + "." + (k >> 8 & 255) + "." + (k & 255)));
      }
      workloads.add(
          new Workload(
              new WorkloadRef(s.namespace, s.name, s.kind),
              meta(s.namespace, s.name, s.labels),
              selector,
              template,
              pods));
      objects.add(service(s, random));
    }
    return new App(workloads, objects);
  }

  private static final class Spec {
    final String namespace;
    final String name;
    final String kind;
    final Map<String, String> labels;
    final List<ContainerPort> ports;
    final Container container;

    Spec(
        String namespace,
        String name,
        String kind,
        Map<String, String> labels,
        List<ContainerPort> ports) {
      this.namespace = namespace;
      this.name = name;
      this.kind = kind;
      this.labels = labels;
      this.ports = ports;
      this.container = new Container();
      container.setName("main");
      container.setImage("example/" + name);
      container.setPorts(ports);
    }
  }

  private static Spec spec(Random random, String namespace, String name) {
    Map<String, String> labels = new TreeMap<>();
    labels.put("app", name);
    labels.put("tier", List.of("web", "app", "data").get(random.nextInt(3)));
    List<ContainerPort> ports = new ArrayList<>();
    int base = 8000 + random.nextInt(50) * 10;
    int count = 1 + random.nextInt(3);
    for (int p = 0; p < count; p++) {
      ContainerPort cp = new ContainerPort();
      cp.setContainerPort(random.nextBoolean() ? base + p : base + p * 7);
      cp.setName(random.nextBoolean() ? "port" + p : null);
      cp.setProtocol(random.nextInt(8) == 0 ? "UDP" : "TCP");
      ports.add(cp);
    }
    return new Spec(namespace, name, KINDS[random.nextInt(KINDS.length)], labels, ports);
  }

  private static Service service(Spec s, Random random) {
    Service svc = new Service();
    svc.setMetadata(meta(s.namespace, s.name, null));
    ServiceSpec spec = new ServiceSpec();
    spec.setSelector(new LinkedHashMap<>(Map.of("app", s.name)));
    List<ServicePort> ports = new ArrayList<>();
    for (int i = 0; i < s.ports.size(); i++) {
      ContainerPort cp = s.ports.get(i);
      ServicePort sp = new ServicePort();
      sp.setName("p" + i);
      sp.setPort(servicePort(s, i));
      sp.setProtocol(cp.getProtocol());
      sp.setTargetPort(
          cp.getName() != null
              ? new IntOrString(cp.getName())
              : new IntOrString(cp.getContainerPort()));
      ports.add(sp);
    }
    spec.setPorts(ports);
    if (random.nextInt(20) == 0) {
      spec.setType("LoadBalancer");
    }
    svc.setSpec(spec);
    return svc;
  }

  private static int servicePort(Spec s, int index) {
    return 80 + index;
  }

  /** A reference to {@code target} as written by {@code from}, in a random address form. */
  private static String address(Random random, Spec from, Spec target) {
    int index = random.nextInt(target.ports.size());
    int port = servicePort(target, index);
    boolean sameNs = from.namespace.equals(target.namespace);
    String ns = target.namespace;
    return switch (random.nextInt(sameNs ? 5 : 4)) {
      case 0 -> target.name + "." + ns + ":" + port;
      case 1 -> "http://" + target.name + "." + ns + ".svc.cluster.local:" + port + "/api";
      case 2 -> target.name + "." + ns + ".svc"; // every port
      case 3 -> "grpc://" + target.name + "." + ns + ":" + port;
      default -> target.name + ":" + port;
    };
  }

  private static ObjectMeta meta(String namespace, String name, Map<String, String> labels) {
    ObjectMeta m = new ObjectMeta();
    m.setNamespace(namespace);
    m.setName(name);
    if (labels != null) {
      m.setLabels(new TreeMap<>(labels));
    }
    return m;
  }

  private static Pod pod(Spec s, String name, String ip) {
    Pod pod = new Pod();
    ObjectMeta m = meta(s.namespace, name, s.labels);
    pod.setMetadata(m);
    PodSpec spec = new PodSpec();
    spec.setContainers(List.of(s.container));
    pod.setSpec(spec);
    if (ip != null) {
      PodStatus status = new PodStatus();
      status.setPodIP(ip);
      pod.setStatus(status);
    }
    return pod;
  }
}
