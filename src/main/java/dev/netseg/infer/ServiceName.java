package dev.netseg.infer;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The Service a cluster host name stands for: {@code svc} (the client's own namespace), {@code
 * svc.ns}, {@code svc.ns.svc}, {@code svc.ns.svc.<cluster-domain>}, and the pod form {@code
 * pod.svc.ns.svc[.<cluster-domain>]} of a headless Service.
 */
public record ServiceName(String namespace, String name) {
  public ServiceName {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  /**
   * Resolves a host name; empty when it cannot be a Service name (three or more labels without
   * {@code .svc}, such as {@code api.example.com}).
   */
  public static Optional<ServiceName> of(String host, String ownNamespace, String clusterDomain) {
    String[] labels = host.split("\\.");
    for (int i = labels.length - 1; i >= 2; i--) {
      if (labels[i].equals("svc")) {
        String suffix = String.join(".", Arrays.asList(labels).subList(i + 1, labels.length));
        if (suffix.isEmpty() || suffix.equals(clusterDomain)) {
          return Optional.of(new ServiceName(labels[i - 1], labels[i - 2]));
        }
      }
    }
    if (labels.length == 1) {
      return Optional.of(new ServiceName(ownNamespace, labels[0]));
    }
    if (labels.length == 2) {
      return Optional.of(new ServiceName(labels[1], labels[0]));
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
