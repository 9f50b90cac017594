package dev.netseg.testing;

import dev.netseg.workload.Workload;
import dev.netseg.workload.WorkloadRef;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Concise builders for workloads and Services in tests. */
public final class TestApps {
  private TestApps() {}

  public static W workload(String namespace, String name) {
    return new W(namespace, name);
  }

  /** A workload under construction: one container "main", labels app=name by default. */
  public static final class W {
    private final String namespace;
    private final String name;
    private String kind = "Deployment";
    private Map<String, String> labels = new TreeMap<>();
    private LabelSelector selector;
    private final Map<String, String> annotations = new TreeMap<>();
    private final Map<String, String> templateAnnotations = new TreeMap<>();
    private final List<ContainerPort> ports = new ArrayList<>();
    private final List<EnvVar> env = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private final List<Volume> volumes = new ArrayList<>();
    private final List<Container> extraContainers = new ArrayList<>();
    private final List<VolumeMount> mounts = new ArrayList<>();
    private String serviceAccount;
    private Boolean automountToken;

    W(String namespace, String name) {
      this.namespace = namespace;
      this.name = name;
      labels.put("app", name);
    }

    public W kind(String kind) {
      this.kind = kind;
      return this;
    }

    public W labels(Map<String, String> labels) {
      this.labels = new TreeMap<>(labels);
      return this;
    }

    public W selector(Map<String, String> matchLabels) {
      this.selector = new LabelSelector(null, new TreeMap<>(matchLabels));
      return this;
    }

    public W port(String portName, int number) {
      return port(portName, number, "TCP");
    }

    public W port(String portName, int number, String protocol) {
      ContainerPort p = new ContainerPort();
      p.setName(portName);
      p.setContainerPort(number);
      p.setProtocol(protocol);
      ports.add(p);
      return this;
    }

    public W env(String key, String value) {
      env.add(new EnvVar(key, value, null));
      return this;
    }

    public W env(EnvVar var) {
      env.add(var);
      return this;
    }

    public W args(String... values) {
      args.addAll(List.of(values));
      return this;
    }

    public W volume(Volume v) {
      volumes.add(v);
      return this;
    }

    /** Mounts a volume of the pod into the main container. */
    public W mount(String volume, String path) {
      mounts.add(new VolumeMountBuilder().withName(volume).withMountPath(path).build());
      return this;
    }

    public W serviceAccount(String name) {
      this.serviceAccount = name;
      return this;
    }

    /** The pod's {@code automountServiceAccountToken}. */
    public W automountToken(Boolean automount) {
      this.automountToken = automount;
      return this;
    }

    public W container(Container c) {
      extraContainers.add(c);
      return this;
    }

    public W annotation(String key, String value) {
      annotations.put(key, value);
      return this;
    }

    public W templateAnnotation(String key, String value) {
      templateAnnotations.put(key, value);
      return this;
    }

    public Workload build() {
      ObjectMeta meta = new ObjectMeta();
      meta.setNamespace(namespace);
      meta.setName(name);
      meta.setLabels(new TreeMap<>(labels));
      meta.setAnnotations(new TreeMap<>(annotations));
      ObjectMeta podMeta = new ObjectMeta();
      podMeta.setNamespace(namespace);
      podMeta.setName(name + "-template");
      podMeta.setLabels(new TreeMap<>(labels));
      podMeta.setAnnotations(new TreeMap<>(templateAnnotations));
      Container main = new Container();
      main.setName("main");
      main.setImage("example/" + name);
      main.setPorts(new ArrayList<>(ports));
      main.setEnv(new ArrayList<>(env));
      main.setArgs(new ArrayList<>(args));
      main.setVolumeMounts(new ArrayList<>(mounts));
      PodSpec spec = new PodSpec();
      List<Container> containers = new ArrayList<>();
      containers.add(main);
      containers.addAll(extraContainers);
      spec.setContainers(containers);
      spec.setVolumes(new ArrayList<>(volumes));
      spec.setServiceAccountName(serviceAccount);
      spec.setAutomountServiceAccountToken(automountToken);
      Pod template = new Pod();
      template.setMetadata(podMeta);
      template.setSpec(spec);
      LabelSelector sel =
          selector != null ? selector : new LabelSelector(null, new TreeMap<>(labels));
      return new Workload(new WorkloadRef(namespace, name, kind), meta, sel, template, List.of());
    }
  }

  /** A ClusterIP Service selecting app=name, with "port:target" or "name=port:target" ports. */
  public static Service service(String namespace, String name, String... ports) {
    return service(namespace, name, Map.of("app", name), ports);
  }

  /**
   * A Service. Each port is {@code [name=]port[:target][/PROTO]}, target a number or a port name.
   */
  public static Service service(
      String namespace, String name, Map<String, String> selector, String... ports) {
    Service s = new Service();
    ObjectMeta meta = new ObjectMeta();
    meta.setNamespace(namespace);
    meta.setName(name);
    s.setMetadata(meta);
    ServiceSpec spec = new ServiceSpec();
    spec.setSelector(selector == null ? null : new LinkedHashMap<>(selector));
    List<ServicePort> list = new ArrayList<>();
    for (String p : ports) {
      ServicePort sp = new ServicePort();
      String rest = p;
      if (rest.contains("=")) {
        sp.setName(rest.substring(0, rest.indexOf('=')));
        rest = rest.substring(rest.indexOf('=') + 1);
      }
      if (rest.contains("/")) {
        sp.setProtocol(rest.substring(rest.indexOf('/') + 1));
        rest = rest.substring(0, rest.indexOf('/'));
      } else {
        sp.setProtocol("TCP");
      }
      String[] parts = rest.split(":");
      sp.setPort(Integer.parseInt(parts[0]));
      if (parts.length > 1) {
        sp.setTargetPort(
            parts[1].chars().allMatch(Character::isDigit)
                ? new IntOrString(Integer.parseInt(parts[1]))
                : new IntOrString(parts[1]));
      }
      list.add(sp);
    }
    spec.setPorts(list);
    s.setSpec(spec);
    return s;
  }

  public static Service withType(Service s, String type) {
    s.getSpec().setType(type);
    return s;
  }
}
