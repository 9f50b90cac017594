package dev.netseg.policy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * What the engine needs of one pod, read once from the fabric8 object.
 *
 * @param ips {@code status.podIPs[*].ip}, else {@code status.podIP}; for a hostNetwork pod with
 *     neither, its {@code status.hostIP}. Empty for a pod that has not been scheduled (a template).
 * @param hostIp {@code status.hostIP}, the node the pod runs on, or null
 * @param namedPorts the named container ports of its containers and sidecar (restartable init)
 *     containers
 */
record PodInfo(
    Endpoint.PodRef ref,
    Map<String, String> labels,
    boolean hostNetwork,
    List<IpKey> ips,
    IpKey hostIp,
    List<NamedPort> namedPorts) {

  record NamedPort(String name, Protocol protocol, int port) {}

  static PodInfo of(Pod pod) {
    String ns = PolicyParser.namespaceOf(pod.getMetadata());
    String name = pod.getMetadata() == null ? null : pod.getMetadata().getName();
    String id = "Pod " + ns + "/" + (name == null ? "<unnamed>" : name);
    if (name == null || name.isBlank()) {
      throw new InvalidPolicyException(id + ": metadata.name: missing");
    }
    Map<String, String> labels =
        pod.getMetadata().getLabels() == null
            ? Map.of()
            : Map.copyOf(pod.getMetadata().getLabels());
    PodSpec spec = pod.getSpec();
    boolean hostNetwork = spec != null && Boolean.TRUE.equals(spec.getHostNetwork());
    PodStatus status = pod.getStatus();
    List<IpKey> ips = new ArrayList<>();
    IpKey hostIp = null;
    if (status != null) {
      List<PodIP> podIps = status.getPodIPs() == null ? List.of() : status.getPodIPs();
      for (int i = 0; i < podIps.size(); i++) {
        ips.add(address(podIps.get(i).getIp(), id, "status.podIPs[" + i + "].ip"));
      }
      if (ips.isEmpty() && status.getPodIP() != null && !status.getPodIP().isEmpty()) {
        ips.add(address(status.getPodIP(), id, "status.podIP"));
      }
      if (status.getHostIP() != null && !status.getHostIP().isEmpty()) {
        hostIp = address(status.getHostIP(), id, "status.hostIP");
      }
    }
    if (hostNetwork && ips.isEmpty() && hostIp != null) {
      ips.add(hostIp);
    }
    return new PodInfo(
        new Endpoint.PodRef(ns, name),
        labels,
        hostNetwork,
        List.copyOf(ips),
        hostIp,
        namedPorts(spec));
  }

  private static List<NamedPort> namedPorts(PodSpec spec) {
    List<NamedPort> out = new ArrayList<>();
    if (spec == null) {
      return out;
    }
    List<Container> containers = new ArrayList<>();
    if (spec.getContainers() != null) {
      containers.addAll(spec.getContainers());
    }
    if (spec.getInitContainers() != null) {
      // Only sidecars (restartPolicy Always) keep running and can serve a port.
      spec.getInitContainers().stream()
          .filter(c -> "Always".equals(c.getRestartPolicy()))
          .forEach(containers::add);
    }
    for (Container c : containers) {
      if (c.getPorts() == null) {
        continue;
      }
      for (ContainerPort p : c.getPorts()) {
        if (p.getName() == null || p.getName().isEmpty() || p.getContainerPort() == null) {
          continue;
        }
        // An unknown protocol cannot match any policy port, so such a port is simply unusable.
        Protocol.parse(p.getProtocol() == null ? "TCP" : p.getProtocol())
            .ifPresent(proto -> out.add(new NamedPort(p.getName(), proto, p.getContainerPort())));
      }
    }
    return List.copyOf(out);
  }

  private static IpKey address(String text, String id, String field) {
    return IpKey.of(
        Cidrs.parseAddress(text)
            .orElseThrow(
                () ->
                    new InvalidPolicyException(
                        id + ": " + field + ": \"" + text + "\" is not a valid IP address")));
  }

  /** The node addresses a hostNetwork pod stands for: its own IPs and its host IP. */
  boolean isNodeAddress(IpKey ip) {
    return hostNetwork && ip != null && (ip.equals(hostIp) || ips.contains(ip));
  }

  /** Interned port names of this pod's named ports, for the fast path. */
  int[] nameIds(ToIntFunction<String> intern) {
    return namedPorts.stream().mapToInt(p -> intern.applyAsInt(p.name())).toArray();
  }
}
