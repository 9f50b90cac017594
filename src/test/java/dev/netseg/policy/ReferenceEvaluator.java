package dev.netseg.policy;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The NetworkPolicy rules read straight off the fabric8 objects, one connection at a time: every
 * decision walks every policy, selector and rule. The only precomputation is parsing (pod IPs,
 * CIDRs) and finding a pod by name or IP, so that the benchmark compares rule evaluation, not
 * string parsing. It is the yardstick the engine is tested and benchmarked against, and assumes
 * valid policies (the engine validates).
 */
public final class ReferenceEvaluator {
  private final List<NetworkPolicy> policies;
  private final Map<Endpoint.PodRef, Pod> podsByRef = new HashMap<>();
  private final Map<String, Map<String, String>> namespaceLabels = new HashMap<>();
  private final Map<Pod, List<IPAddress>> podIps = new IdentityHashMap<>();
  private final Map<IPAddress, Pod> podsByIp = new HashMap<>();
  private final Map<String, IPAddress> blocks = new HashMap<>();
  private final Map<Pod, IPAddress> hostIps = new IdentityHashMap<>();

  public ReferenceEvaluator(ClusterSnapshot snapshot) {
    this.policies = snapshot.policies();
    for (Pod p : snapshot.pods()) {
      podsByRef.put(new Endpoint.PodRef(ns(p), p.getMetadata().getName()), p);
      podIps.put(p, parseIps(p));
      hostIps.put(p, parseHostIp(p));
      if (!hostNetwork(p)) {
        // the first pod with an IP is the one an address means
        podIps.get(p).forEach(ip -> podsByIp.putIfAbsent(ip, p));
      }
    }
    for (NetworkPolicy np : policies) {
      for (var rule : np.getSpec().getIngress()) {
        rule.getFrom().forEach(this::parseBlock);
      }
      for (var rule : np.getSpec().getEgress()) {
        rule.getTo().forEach(this::parseBlock);
      }
    }
    for (Namespace n : snapshot.namespaces()) {
      Map<String, String> labels = new HashMap<>();
      if (n.getMetadata().getLabels() != null) {
        labels.putAll(n.getMetadata().getLabels());
      }
      labels.put("kubernetes.io/metadata.name", n.getMetadata().getName());
      namespaceLabels.put(n.getMetadata().getName(), labels);
    }
  }

  /** One side of a connection: a pod, or an address that is no (non-hostNetwork) pod's. */
  private record Side(Pod pod, IPAddress address) {}

  public boolean allows(Connection c) {
    Side src = side(c.source());
    Side dst = side(c.destination());
    if (src.pod() != null && src.pod() == dst.pod()) {
      return true;
    }
    if (nodeTraffic(src, dst) || nodeTraffic(dst, src)) {
      return true;
    }
    return egressAllows(src, dst, c) && ingressAllows(src, dst, c);
  }

  private Side side(Endpoint e) {
    if (e instanceof Endpoint.PodRef ref) {
      Pod p = podsByRef.get(ref);
      if (p == null) {
        throw new IllegalArgumentException("unknown pod " + ref);
      }
      return new Side(p, null);
    }
    IPAddress ip = ((Endpoint.Address) e).ip();
    return new Side(podsByIp.get(ip), podsByIp.containsKey(ip) ? null : ip);
  }

  /** {@code a} is a pod and {@code b} is its node: its host IP, or a hostNetwork pod there. */
  private boolean nodeTraffic(Side a, Side b) {
    if (a.pod() == null || hostIp(a.pod()) == null) {
      return false;
    }
    IPAddress node = hostIp(a.pod());
    if (b.pod() == null) {
      return node.equals(b.address());
    }
    return hostNetwork(b.pod()) && (node.equals(hostIp(b.pod())) || ips(b.pod()).contains(node));
  }

  private boolean egressAllows(Side src, Side dst, Connection c) {
    if (src.pod() == null || hostNetwork(src.pod())) {
      return true;
    }
    boolean isolated = false;
    for (NetworkPolicy np : policies) {
      if (!selects(np, src.pod()) || !hasEgressType(np)) {
        continue;
      }
      isolated = true;
      for (var rule : np.getSpec().getEgress()) {
        if (peersMatch(rule.getTo(), dst, ns(np)) && portsMatch(rule.getPorts(), c, dst)) {
          return true;
        }
      }
    }
    return !isolated;
  }

  private boolean ingressAllows(Side src, Side dst, Connection c) {
    if (dst.pod() == null || hostNetwork(dst.pod())) {
      return true;
    }
    boolean isolated = false;
    for (NetworkPolicy np : policies) {
      if (!selects(np, dst.pod()) || !hasIngressType(np)) {
        continue;
      }
      isolated = true;
      for (var rule : np.getSpec().getIngress()) {
        if (peersMatch(rule.getFrom(), src, ns(np)) && portsMatch(rule.getPorts(), c, dst)) {
          return true;
        }
      }
    }
    return !isolated;
  }

  private boolean selects(NetworkPolicy np, Pod pod) {
    LabelSelector s = np.getSpec().getPodSelector();
    return !hostNetwork(pod)
        && ns(np).equals(ns(pod))
        && LabelSelectors.matches(s == null ? new LabelSelector() : s, labels(pod));
  }

  private static boolean hasIngressType(NetworkPolicy np) {
    List<String> types = np.getSpec().getPolicyTypes();
    return types == null || types.isEmpty() || types.contains("Ingress");
  }

  private static boolean hasEgressType(NetworkPolicy np) {
    List<String> types = np.getSpec().getPolicyTypes();
    if (types == null || types.isEmpty()) {
      return np.getSpec().getEgress() != null && !np.getSpec().getEgress().isEmpty();
    }
    return types.contains("Egress");
  }

  private boolean peersMatch(List<NetworkPolicyPeer> peers, Side other, String policyNs) {
    if (peers == null || peers.isEmpty()) {
      return true;
    }
    for (NetworkPolicyPeer peer : peers) {
      if (peer.getIpBlock() != null) {
        IPAddress cidr = blocks.get(peer.getIpBlock().getCidr());
        List<IPAddress> addresses =
            other.pod() != null ? ips(other.pod()) : List.of(other.address());
        for (IPAddress a : addresses) {
          if (inBlock(a, cidr, peer.getIpBlock().getExcept())) {
            return true;
          }
        }
      } else if (other.pod() != null && !hostNetwork(other.pod())) {
        Pod p = other.pod();
        boolean nsOk =
            peer.getNamespaceSelector() == null
                ? ns(p).equals(policyNs)
                : LabelSelectors.matches(peer.getNamespaceSelector(), namespaceLabels(ns(p)));
        boolean podOk =
            peer.getPodSelector() == null
                || LabelSelectors.matches(peer.getPodSelector(), labels(p));
        if (nsOk && podOk) {
          return true;
        }
      }
    }
    return false;
  }

  private void parseBlock(NetworkPolicyPeer peer) {
    if (peer.getIpBlock() != null) {
      blocks.computeIfAbsent(peer.getIpBlock().getCidr(), ReferenceEvaluator::block);
      peer.getIpBlock()
          .getExcept()
          .forEach(e -> blocks.computeIfAbsent(e, ReferenceEvaluator::block));
    }
  }

  private static IPAddress block(String cidr) {
    return new IPAddressString(cidr).getAddress().toPrefixBlock();
  }

  private boolean inBlock(IPAddress a, IPAddress cidr, List<String> except) {
    if (a.isIPv4() != cidr.isIPv4() || !cidr.contains(a)) {
      return false;
    }
    for (String e : except == null ? List.<String>of() : except) {
      IPAddress x = blocks.get(e);
      if (x.isIPv4() == a.isIPv4() && x.contains(a)) {
        return false;
      }
    }
    return true;
  }

  private boolean portsMatch(List<NetworkPolicyPort> ports, Connection c, Side dst) {
    if (ports == null || ports.isEmpty()) {
      return true;
    }
    for (NetworkPolicyPort p : ports) {
      String protocol = p.getProtocol() == null ? "TCP" : p.getProtocol();
      if (!protocol.equals(c.protocol().name())) {
        continue;
      }
      if (p.getPort() == null) {
        return true;
      }
      if (p.getPort().getIntVal() != null) {
        int from = p.getPort().getIntVal();
        int to = p.getEndPort() == null ? from : p.getEndPort();
        if (c.port() >= from && c.port() <= to) {
          return true;
        }
      } else if (dst.pod() != null) {
        for (ContainerPort cp : containerPorts(dst.pod())) {
          String cpProtocol = cp.getProtocol() == null ? "TCP" : cp.getProtocol();
          if (p.getPort().getStrVal().equals(cp.getName())
              && cpProtocol.equals(protocol)
              && Objects.equals(cp.getContainerPort(), c.port())) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static List<ContainerPort> containerPorts(Pod pod) {
    List<ContainerPort> out = new ArrayList<>();
    List<Container> containers = new ArrayList<>(pod.getSpec().getContainers());
    for (Container c : pod.getSpec().getInitContainers()) {
      if ("Always".equals(c.getRestartPolicy())) {
        containers.add(c);
      }
    }
    for (Container c : containers) {
      if (c.getPorts() != null) {
        out.addAll(c.getPorts());
      }
    }
    return out;
  }

  private Map<String, String> namespaceLabels(String ns) {
    return namespaceLabels.getOrDefault(ns, Map.of("kubernetes.io/metadata.name", ns));
  }

  private List<IPAddress> ips(Pod p) {
    return podIps.get(p);
  }

  private static List<IPAddress> parseIps(Pod p) {
    List<IPAddress> out = new ArrayList<>();
    if (p.getStatus() == null) {
      return out;
    }
    List<PodIP> podIps = p.getStatus().getPodIPs();
    if (podIps != null && !podIps.isEmpty()) {
      podIps.forEach(ip -> out.add(new IPAddressString(ip.getIp()).getAddress()));
    } else if (p.getStatus().getPodIP() != null) {
      out.add(new IPAddressString(p.getStatus().getPodIP()).getAddress());
    } else if (hostNetwork(p) && p.getStatus().getHostIP() != null) {
      out.add(new IPAddressString(p.getStatus().getHostIP()).getAddress());
    }
    return out;
  }

  private IPAddress hostIp(Pod p) {
    return hostIps.get(p);
  }

  private static IPAddress parseHostIp(Pod p) {
    return p.getStatus() == null || p.getStatus().getHostIP() == null
        ? null
        : new IPAddressString(p.getStatus().getHostIP()).getAddress();
  }

  private static boolean hostNetwork(Pod p) {
    return Boolean.TRUE.equals(p.getSpec().getHostNetwork());
  }

  private static Map<String, String> labels(Pod p) {
    return p.getMetadata().getLabels();
  }

  private static String ns(Pod p) {
    return p.getMetadata().getNamespace();
  }

  private static String ns(NetworkPolicy np) {
    return np.getMetadata().getNamespace();
  }
}
