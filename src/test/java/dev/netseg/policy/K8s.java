package dev.netseg.policy;

import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small builders for the Kubernetes objects the tests need. */
public final class K8s {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private K8s() {}

  public static Namespace namespace(String name, Map<String, String> labels) {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .build();
  }

  /**
   * A NetworkPolicy from the YAML of its {@code spec} (without the {@code spec:} line), as one
   * would write it in a manifest.
   */
  public static NetworkPolicy policy(String namespace, String name, String specYaml) {
    StringBuilder yaml =
        new StringBuilder("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n")
            .append("metadata:\n  name: ")
            .append(name)
            .append("\n  namespace: ")
            .append(namespace)
            .append("\nspec:\n");
    specYaml.stripIndent().lines().forEach(l -> yaml.append("  ").append(l).append('\n'));
    return SERIALIZATION.unmarshal(yaml.toString(), NetworkPolicy.class);
  }

  public static String yaml(Object o) {
    return SERIALIZATION.asYaml(o);
  }

  public static PodSpecBuilder pod(String namespace, String name) {
    return new PodSpecBuilder(namespace, name);
  }

  /** A fluent pod builder for the fields the engine reads. */
  public static final class PodSpecBuilder {
    private final String namespace;
    private final String name;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final List<String> ips = new ArrayList<>();
    private final List<Object[]> ports = new ArrayList<>();
    private String hostIp;
    private boolean hostNetwork;

    private PodSpecBuilder(String namespace, String name) {
      this.namespace = namespace;
      this.name = name;
    }

    public PodSpecBuilder label(String key, String value) {
      labels.put(key, value);
      return this;
    }

    public PodSpecBuilder labels(Map<String, String> all) {
      labels.putAll(all);
      return this;
    }

    public PodSpecBuilder ip(String ip) {
      ips.add(ip);
      return this;
    }

    public PodSpecBuilder hostIp(String ip) {
      hostIp = ip;
      return this;
    }

    public PodSpecBuilder hostNetwork() {
      hostNetwork = true;
      return this;
    }

    public PodSpecBuilder port(String portName, Protocol protocol, int port) {
      ports.add(new Object[] {portName, protocol, port});
      return this;
    }

    public Pod build() {
      PodBuilder b =
          new PodBuilder()
              .withNewMetadata()
              .withNamespace(namespace)
              .withName(name)
              .withLabels(labels)
              .endMetadata()
              .withNewSpec()
              .withHostNetwork(hostNetwork ? Boolean.TRUE : null)
              .addNewContainer()
              .withName("main")
              .withImage("registry.k8s.io/e2e-test-images/agnhost:2.53")
              .withPorts(
                  ports.stream()
                      .map(
                          p ->
                              new ContainerPortBuilder()
                                  .withName((String) p[0])
                                  .withProtocol(((Protocol) p[1]).name())
                                  .withContainerPort((Integer) p[2])
                                  .build())
                      .toList())
              .endContainer()
              .endSpec();
      if (!ips.isEmpty() || hostIp != null) {
        b.withNewStatus()
            .withPodIP(ips.isEmpty() ? null : ips.get(0))
            .withPodIPs(ips.stream().map(ip -> new PodIPBuilder().withIp(ip).build()).toList())
            .withHostIP(hostIp)
            .endStatus();
      }
      return b.build();
    }
  }
}
