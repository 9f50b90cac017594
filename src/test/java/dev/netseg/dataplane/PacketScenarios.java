package dev.netseg.dataplane;

import dev.netseg.policy.K8s;
import dev.netseg.policy.Protocol;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Random clusters for the packet differential, as rich as the dataplane can realise: namespaces x,
 * y, z with random labels; up to {@link #MAX_PODS} pods with random labels and named ports (the
 * same name at different numbers on different pods, TCP and UDP); policies with every peer kind
 * (pod selector, namespace selector, both, ipBlock with excepts), numeric, named, protocol-only and
 * endPort ports, ingress and egress in every policyTypes form. Every pod serves TCP and UDP 80 and
 * 81 whatever its spec says, so that every policy port can be seen on packets. Few label values, so
 * that selectors often match. The same seed gives the same scenario.
 */
final class PacketScenarios {
  static final int MAX_PODS = 7;

  /** The hosts pods run at; the outside host and the node are the other addresses probed. */
  static final List<String> POD_IPS =
      List.of("10.1.0.1", "10.1.0.2", "10.1.0.3", "10.1.0.4", "10.1.0.5", "10.1.0.6", "10.1.0.7");

  static final String OUTSIDE_IP = "192.0.2.10";

  static final List<String> NAMESPACES = List.of("x", "y", "z");
  private static final String[] PORT_NAMES = {"http", "dns", "metrics"};
  private static final int[] CONTAINER_PORTS = {80, 81, 8080};
  private static final int[] POLICY_PORTS = {80, 81, 8080, 53};
  private static final String[] CIDRS = {
    "10.1.0.0/24",
    "10.1.0.0/29",
    "10.1.0.4/30",
    "10.1.0.2/31",
    "10.1.0.5/32",
    "0.0.0.0/0",
    "192.0.2.0/24",
    "192.0.2.10/32",
    "172.31.0.0/16",
    "10.0.0.0/8"
  };
  private static final String[] EXCEPTS = {
    "10.1.0.0/24",
    "10.1.0.0/29",
    "10.1.0.4/30",
    "10.1.0.2/31",
    "10.1.0.5/32",
    "10.1.0.6/32",
    "192.0.2.0/25",
    "192.0.2.10/32",
    "172.31.0.1/32"
  };

  private final Random random;

  private PacketScenarios(long seed) {
    this.random = new Random(seed);
  }

  static PacketScenario generate(long seed) {
    return new PacketScenarios(seed).scenario(seed);
  }

  private PacketScenario scenario(long seed) {
    Map<String, Map<String, String>> namespaces = new LinkedHashMap<>();
    for (String ns : NAMESPACES) {
      Map<String, String> labels = new LinkedHashMap<>();
      maybeLabel(labels, "team", "red", "blue");
      maybeLabel(labels, "env", "prod", "dev");
      namespaces.put(ns, labels);
    }
    int podCount = 3 + random.nextInt(MAX_PODS - 2);
    List<Pod> pods = new ArrayList<>();
    for (int i = 0; i < podCount; i++) {
      pods.add(pod("p" + i));
    }
    int policyCount = 1 + random.nextInt(5);
    List<NetworkPolicy> policies = new ArrayList<>();
    for (int i = 0; i < policyCount; i++) {
      policies.add(policy("np" + i));
    }
    return new PacketScenario(seed, namespaces, pods, POD_IPS.subList(0, podCount), policies);
  }

  private Pod pod(String name) {
    K8s.PodSpecBuilder b = K8s.pod(pick(NAMESPACES), name);
    if (chance(0.8)) {
      b.label("app", pick(new String[] {"a", "b", "c"}));
    }
    if (chance(0.5)) {
      b.label("tier", pick(new String[] {"web", "db"}));
    }
    Set<String> names = new LinkedHashSet<>();
    int ports = random.nextInt(4);
    for (int i = 0; i < ports; i++) {
      String portName = pick(PORT_NAMES);
      if (names.add(portName)) { // the API server refuses a name used twice in a pod
        b.port(portName, chance(0.6) ? Protocol.TCP : Protocol.UDP, pick(CONTAINER_PORTS));
      }
    }
    return b.build();
  }

  private NetworkPolicy policy(String name) {
    List<String> types =
        switch (random.nextInt(4)) {
          case 0 -> List.of();
          case 1 -> List.of("Ingress");
          case 2 -> List.of("Egress");
          default -> List.of("Ingress", "Egress");
        };
    List<NetworkPolicyIngressRule> ingress = new ArrayList<>();
    int ingressRules = random.nextInt(3);
    for (int i = 0; i < ingressRules; i++) {
      ingress.add(new NetworkPolicyIngressRule(peers(), ports()));
    }
    List<NetworkPolicyEgressRule> egress = new ArrayList<>();
    int egressRules = random.nextInt(3);
    for (int i = 0; i < egressRules; i++) {
      egress.add(new NetworkPolicyEgressRule(ports(), peers()));
    }
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withNamespace(pick(NAMESPACES))
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withPodSelector(podSelector())
        .withPolicyTypes(types)
        .withIngress(ingress)
        .withEgress(egress)
        .endSpec()
        .build();
  }

  private List<NetworkPolicyPeer> peers() {
    List<NetworkPolicyPeer> out = new ArrayList<>();
    if (chance(0.25)) {
      return out;
    }
    if (chance(0.1)) { // two blocks in one rule: how their excepts combine
      out.add(ipBlockPeer());
      out.add(ipBlockPeer());
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
        default -> peer = ipBlockPeer();
      }
      out.add(peer);
    }
    return out;
  }

  private NetworkPolicyPeer ipBlockPeer() {
    NetworkPolicyPeer peer = new NetworkPolicyPeer();
    peer.setIpBlock(ipBlock());
    return peer;
  }

  /** A block of the menu, with up to two excepts strictly inside it. */
  private IPBlock ipBlock() {
    String cidr = pick(CIDRS);
    IPAddress block = new IPAddressString(cidr).getAddress();
    List<String> inside = new ArrayList<>();
    for (String e : EXCEPTS) {
      IPAddress except = new IPAddressString(e).getAddress();
      if (block.contains(except) && !except.contains(block)) {
        inside.add(e);
      }
    }
    List<String> except = new ArrayList<>();
    int n = inside.isEmpty() ? 0 : random.nextInt(3);
    for (int i = 0; i < n; i++) {
      String e = pick(inside);
      if (!except.contains(e)) {
        except.add(e);
      }
    }
    return new IPBlock(cidr, except);
  }

  private List<NetworkPolicyPort> ports() {
    List<NetworkPolicyPort> out = new ArrayList<>();
    if (chance(0.4)) {
      return out;
    }
    int n = 1 + random.nextInt(2);
    for (int i = 0; i < n; i++) {
      NetworkPolicyPort p = new NetworkPolicyPort();
      double protocol = random.nextDouble();
      p.setProtocol(
          protocol < 0.3 ? null : protocol < 0.65 ? "TCP" : protocol < 0.95 ? "UDP" : "SCTP");
      double kind = random.nextDouble();
      if (kind < 0.15) {
        // protocol only: every port of the protocol
      } else if (kind < 0.6) {
        int port = pick(POLICY_PORTS);
        p.setPort(new IntOrString(port));
        if (chance(0.3)) {
          p.setEndPort(port + random.nextInt(3));
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
        String second = pick(values);
        if (!vals.contains(second)) {
          vals.add(second);
        }
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
