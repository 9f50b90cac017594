package dev.netseg.policy;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Small random clusters that exercise every corner of the semantics: few label values so selectors
 * often match, colliding IPs, dual stack, hostNetwork pods, pods without IPs, named ports with
 * every protocol, ipBlocks with excepts, endPort ranges and every policyTypes form.
 */
final class RandomClusters {
  static final List<String> NAMESPACES = List.of("x", "y", "z");
  private static final String[] PORT_NAMES = {"http", "dns", "metrics"};
  private static final int[] PORTS = {53, 80, 81, 8080};
  private static final String[] HOSTS = {"192.168.0.1", "192.168.0.2"};
  private static final String[] CIDRS = {
    "10.0.0.0/28",
    "10.0.0.0/29",
    "10.0.0.8/29",
    "10.0.0.4/30",
    "0.0.0.0/0",
    "192.168.0.0/24",
    "203.0.113.0/24",
    "10.0.0.3/32",
    "fd00::/120",
    "::/0",
    "fd00::/124"
  };
  private static final String[] EXTERNALS = {
    "10.0.0.13", "203.0.113.5", "8.8.8.8", "192.168.0.9", "fd00::ff", "2001:db8::1", "0.0.0.0"
  };

  private final Random random;
  private int podRefs;

  private RandomClusters(long seed) {
    this.random = new Random(seed);
  }

  record Scenario(ClusterSnapshot snapshot, List<Connection> connections) {
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder("\n");
      snapshot.namespaces().forEach(n -> sb.append(K8s.yaml(n)));
      snapshot.pods().forEach(p -> sb.append(K8s.yaml(p)));
      snapshot.policies().forEach(p -> sb.append(K8s.yaml(p)));
      sb.append("connections: ").append(connections).append('\n');
      return sb.toString();
    }
  }

  static Scenario scenario(int pods, int policies, int connections, long seed) {
    return new RandomClusters(seed).generate(pods, policies, connections);
  }

  private Scenario generate(int podCount, int policyCount, int connectionCount) {
    List<Namespace> namespaces = new ArrayList<>();
    for (String ns : NAMESPACES) {
      if (chance(0.8)) {
        Map<String, String> labels = new HashMap<>();
        maybeLabel(labels, "team", "red", "blue");
        maybeLabel(labels, "env", "prod", "dev");
        namespaces.add(K8s.namespace(ns, labels));
      }
    }
    List<Pod> pods = new ArrayList<>();
    for (int i = 0; i < podCount; i++) {
      pods.add(pod("p" + i));
    }
    List<NetworkPolicy> policies = new ArrayList<>();
    for (int i = 0; i < policyCount; i++) {
      policies.add(policy("np" + i));
    }
    ClusterSnapshot snapshot = new ClusterSnapshot(namespaces, pods, policies);
    List<Endpoint> endpoints = endpoints(pods);
    List<Connection> connections = new ArrayList<>();
    for (int i = 0; i < connectionCount; i++) {
      Protocol protocol = pick(Protocol.values());
      int port = chance(0.8) ? pick(new int[] {53, 80, 81, 82, 8080}) : 1 + random.nextInt(65535);
      connections.add(new Connection(endpoint(endpoints), endpoint(endpoints), protocol, port));
    }
    return new Scenario(snapshot, connections);
  }

  private List<Endpoint> endpoints(List<Pod> pods) {
    Set<String> addresses = new LinkedHashSet<>(List.of(EXTERNALS));
    addresses.addAll(List.of(HOSTS));
    List<Endpoint> out = new ArrayList<>();
    for (Pod p : pods) {
      out.add(new Endpoint.PodRef(p.getMetadata().getNamespace(), p.getMetadata().getName()));
      if (p.getStatus() != null) {
        p.getStatus().getPodIPs().forEach(ip -> addresses.add(ip.getIp()));
      }
    }
    podRefs = out.size();
    for (String a : addresses) {
      out.add(new Endpoint.Address(new IPAddressString(a).getAddress()));
    }
    return out;
  }

  /** Two thirds pods, one third addresses (pod IPs, node IPs, outside addresses). */
  private Endpoint endpoint(List<Endpoint> endpoints) {
    return chance(0.65)
        ? endpoints.get(random.nextInt(podRefs))
        : endpoints.get(podRefs + random.nextInt(endpoints.size() - podRefs));
  }

  private Pod pod(String name) {
    K8s.PodSpecBuilder b = K8s.pod(pick(NAMESPACES), name);
    if (chance(0.8)) {
      b.label("app", pick(new String[] {"a", "b", "c"}));
    }
    if (chance(0.5)) {
      b.label("tier", pick(new String[] {"web", "db"}));
    }
    String host = chance(0.9) ? pick(HOSTS) : null;
    if (host != null) {
      b.hostIp(host);
    }
    if (chance(0.15)) {
      b.hostNetwork();
      if (host != null && chance(0.7)) {
        b.ip(host);
      }
    } else if (chance(0.9)) {
      double family = random.nextDouble();
      if (family < 0.75) {
        b.ip("10.0.0." + (1 + random.nextInt(12)));
      }
      if (family > 0.6) {
        b.ip("fd00::" + Integer.toHexString(1 + random.nextInt(12)));
      }
    }
    int ports = random.nextInt(4);
    for (int i = 0; i < ports; i++) {
      b.port(pick(PORT_NAMES), pick(Protocol.values()), pick(PORTS));
    }
    return b.build();
  }

  private NetworkPolicy policy(String name) {
    String ns = pick(NAMESPACES);
    List<String> types =
        switch (random.nextInt(4)) {
          case 0 -> List.of();
          case 1 -> List.of("Ingress");
          case 2 -> List.of("Egress");
          default -> List.of("Ingress", "Egress");
        };
    List<NetworkPolicyIngressRule> ingress = new ArrayList<>();
    List<NetworkPolicyEgressRule> egress = new ArrayList<>();
    int ingressRules = random.nextInt(3);
    for (int i = 0; i < ingressRules; i++) {
      ingress.add(new NetworkPolicyIngressRule(peers(), ports()));
    }
    int egressRules = random.nextInt(3);
    for (int i = 0; i < egressRules; i++) {
      egress.add(new NetworkPolicyEgressRule(ports(), peers()));
    }
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withPodSelector(chance(0.1) ? null : podSelector())
        .withPolicyTypes(types)
        .withIngress(ingress)
        .withEgress(egress)
        .endSpec()
        .build();
  }

  private List<NetworkPolicyPeer> peers() {
    List<NetworkPolicyPeer> out = new ArrayList<>();
    if (chance(0.3)) {
      return out;
    }
    int n = 1 + random.nextInt(2);
    for (int i = 0; i < n; i++) {
      NetworkPolicyPeer peer = new NetworkPolicyPeer();
      switch (random.nextInt(4)) {
        case 0 -> peer.setPodSelector(podSelector());
        case 1 -> peer.setNamespaceSelector(namespaceSelector());
        case 2 -> {
          peer.setPodSelector(podSelector());
          peer.setNamespaceSelector(namespaceSelector());
        }
        default -> peer.setIpBlock(ipBlock());
      }
      out.add(peer);
    }
    return out;
  }

  private IPBlock ipBlock() {
    String cidr = pick(CIDRS);
    IPAddress block = new IPAddressString(cidr).getAddress().toPrefixBlock();
    int bits = block.getBitCount();
    int prefix = block.getNetworkPrefixLength();
    List<String> except = new ArrayList<>();
    int n = prefix == bits ? 0 : random.nextInt(3);
    for (int i = 0; i < n; i++) {
      int len = prefix + 1 + random.nextInt(Math.min(bits - prefix, 8));
      BigInteger span = block.getUpperValue().subtract(block.getValue()).add(BigInteger.ONE);
      BigInteger offset = new BigInteger(span.bitLength(), random).mod(span);
      IPAddress inside =
          new IPAddressString(
                  block.getLower().toZeroHost().toCanonicalString().replaceAll("/.*", ""))
              .getAddress();
      IPAddress addr = fromValue(inside, inside.getValue().add(offset));
      except.add(addr.setPrefixLength(len, false).toPrefixBlock().toCanonicalString());
    }
    return new IPBlock(cidr, except);
  }

  private static IPAddress fromValue(IPAddress like, BigInteger value) {
    return like.isIPv4()
        ? new inet.ipaddr.ipv4.IPv4Address(value.intValue())
        : new inet.ipaddr.ipv6.IPv6Address(value);
  }

  private List<NetworkPolicyPort> ports() {
    List<NetworkPolicyPort> out = new ArrayList<>();
    if (chance(0.4)) {
      return out;
    }
    int n = 1 + random.nextInt(2);
    for (int i = 0; i < n; i++) {
      String protocol = chance(0.3) ? null : pick(Protocol.values()).name();
      NetworkPolicyPort p = new NetworkPolicyPort();
      p.setProtocol(protocol);
      double kind = random.nextDouble();
      if (kind < 0.2) {
        // protocol only: every port of the protocol
      } else if (kind < 0.55) {
        int port = chance(0.9) ? pick(PORTS) : 1 + random.nextInt(65535);
        p.setPort(new IntOrString(port));
        if (chance(0.3)) {
          p.setEndPort(Math.min(65535, port + random.nextInt(40)));
        }
      } else {
        p.setPort(new IntOrString(chance(0.9) ? pick(PORT_NAMES) : "nope"));
      }
      out.add(p);
    }
    return out;
  }

  private LabelSelector podSelector() {
    return selector(new String[] {"app", "tier"}, new String[][] {{"a", "b", "c"}, {"web", "db"}});
  }

  private LabelSelector namespaceSelector() {
    return selector(
        new String[] {"team", "env", "kubernetes.io/metadata.name"},
        new String[][] {{"red", "blue"}, {"prod", "dev"}, {"x", "y", "z"}});
  }

  private LabelSelector selector(String[] keys, String[][] values) {
    LabelSelectorBuilder b = new LabelSelectorBuilder();
    int k = random.nextInt(keys.length);
    switch (random.nextInt(4)) {
      case 0 -> {
        // empty: selects everything
      }
      case 1 -> b.addToMatchLabels(keys[k], pick(values[k]));
      case 2 -> expression(b, keys[k], values[k]);
      default -> {
        b.addToMatchLabels(keys[k], pick(values[k]));
        int j = random.nextInt(keys.length);
        expression(b, keys[j], values[j]);
      }
    }
    return b.build();
  }

  private void expression(LabelSelectorBuilder b, String key, String[] values) {
    String op = pick(new String[] {"In", "NotIn", "Exists", "DoesNotExist"});
    List<String> vals = new ArrayList<>();
    if (op.equals("In") || op.equals("NotIn")) {
      vals.add(pick(values));
      if (chance(0.4)) {
        vals.add(pick(values));
      }
    }
    b.addNewMatchExpression().withKey(key).withOperator(op).withValues(vals).endMatchExpression();
  }

  private void maybeLabel(Map<String, String> labels, String key, String... values) {
    if (chance(0.5)) {
      labels.put(key, pick(values));
    }
  }

  private boolean chance(double p) {
    return random.nextDouble() < p;
  }

  private <T> T pick(List<T> list) {
    return list.get(random.nextInt(list.size()));
  }

  private <T> T pick(T[] array) {
    return array[random.nextInt(array.length)];
  }

  private int pick(int[] array) {
    return array[random.nextInt(array.length)];
  }
}
