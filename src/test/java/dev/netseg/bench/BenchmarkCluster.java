package dev.netseg.bench;

import dev.netseg.policy.ClusterSnapshot;
import dev.netseg.policy.Connection;
import dev.netseg.policy.Endpoint;
import dev.netseg.policy.Protocol;
import inet.ipaddr.ipv4.IPv4Address;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A deterministic synthetic cluster of realistic shape: 200 namespaces of 50 pods (10 apps of 5
 * replicas; a few hostNetwork agents), on 100 nodes, with 2,000 policies: per-namespace default
 * deny, per-app ingress allow-lists by pod and namespace selectors with numeric, ranged and named
 * ports, egress allow-lists with DNS and ipBlocks with excepts, and ipBlock ingress.
 */
public final class BenchmarkCluster {
  public static final int NAMESPACES = 200;
  public static final int APPS_PER_NAMESPACE = 10;
  public static final int REPLICAS = 5;
  public static final int POLICIES = 2_000;
  private static final int NODES = 100;
  private static final String[] TEAMS = {"payments", "search", "identity", "growth", "platform"};
  private static final String[] ENVS = {"prod", "staging", "dev"};
  private static final String[] ROLES = {"frontend", "api", "worker", "db", "cache"};

  private final Random random;
  private final List<Pod> pods = new ArrayList<>();

  private BenchmarkCluster(long seed) {
    this.random = new Random(seed);
  }

  public static ClusterSnapshot snapshot(long seed) {
    return new BenchmarkCluster(seed).build();
  }

  private ClusterSnapshot build() {
    List<Namespace> namespaces = new ArrayList<>();
    for (int n = 0; n < NAMESPACES; n++) {
      namespaces.add(
          new NamespaceBuilder()
              .withNewMetadata()
              .withName(ns(n))
              .withLabels(Map.of("team", TEAMS[n % TEAMS.length], "env", ENVS[n % ENVS.length]))
              .endMetadata()
              .build());
      for (int app = 0; app < APPS_PER_NAMESPACE; app++) {
        for (int r = 0; r < REPLICAS; r++) {
          pods.add(pod(n, app, r));
        }
      }
    }
    List<NetworkPolicy> policies = new ArrayList<>(POLICIES);
    int i = 0;
    while (policies.size() < POLICIES) {
      int n = i % NAMESPACES;
      int slot = i / NAMESPACES;
      policies.add(policy(n, slot, i));
      i++;
    }
    return new ClusterSnapshot(namespaces, pods, policies);
  }

  static String ns(int n) {
    return String.format("ns-%03d", n);
  }

  private Pod pod(int n, int app, int replica) {
    int index = pods.size();
    boolean hostNetwork = app == 9 && n % 10 == 0; // a node agent in one namespace of ten
    int node = index % NODES;
    String hostIp = "192.168." + (node / 250) + "." + (1 + node % 250);
    String ip = hostNetwork ? hostIp : new IPv4Address((10 << 24) + 1 + index).toCanonicalString();
    List<ContainerPort> ports = new ArrayList<>();
    ports.add(port("http", "TCP", 8080));
    ports.add(port("metrics", "TCP", 9090));
    if (app % 3 == 0) {
      ports.add(port("grpc", "TCP", 50051));
    }
    if (app == 4) {
      ports.add(port("dns", "UDP", 53));
      ports.add(port("dns-tcp", "TCP", 53));
    }
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace(ns(n))
        .withName("app-" + app + "-" + replica)
        .withLabels(
            Map.of(
                "app",
                "app-" + app,
                "role",
                ROLES[app % ROLES.length],
                "version",
                "v" + (replica % 2)))
        .endMetadata()
        .withNewSpec()
        .withHostNetwork(hostNetwork ? Boolean.TRUE : null)
        .addNewContainer()
        .withName("main")
        .withImage("example.com/app:1")
        .withPorts(ports)
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPodIP(ip)
        .addNewPodIP()
        .withIp(ip)
        .endPodIP()
        .withHostIP(hostIp)
        .endStatus()
        .build();
  }

  private static ContainerPort port(String name, String protocol, int port) {
    return new ContainerPortBuilder()
        .withName(name)
        .withProtocol(protocol)
        .withContainerPort(port)
        .build();
  }

  /** Slot 0: default deny (half the namespaces); slots 1-7: app allow-lists; 8-9: egress. */
  private NetworkPolicy policy(int n, int slot, int serial) {
    if (slot == 0 && n % 2 == 0) {
      return np(
          n,
          "default-deny-" + serial,
          new LabelSelector(),
          List.of("Ingress"),
          List.of(),
          List.of());
    }
    int app = (slot + n) % APPS_PER_NAMESPACE;
    LabelSelector target = labels("app", "app-" + app);
    if (slot >= 8) {
      return egressPolicy(n, app, serial, target);
    }
    List<NetworkPolicyPeer> from = new ArrayList<>();
    // callers in the same namespace
    from.add(peer(null, labels("app", "app-" + ((app + 9) % APPS_PER_NAMESPACE))));
    // frontends of the same team's namespaces
    from.add(peer(labels("team", TEAMS[n % TEAMS.length]), labels("role", "frontend")));
    if (serial % 3 == 0) {
      // prod or staging namespaces, any app except workers
      from.add(peer(expr("env", "In", "prod", "staging"), expr("role", "NotIn", "worker", "db")));
    }
    if (serial % 7 == 0) {
      from.add(ipBlock("203.0.113.0/24"));
    }
    if (serial % 11 == 0) {
      from.add(ipBlock("10.0.0.0/16", "10.0.1.0/24", "10.0.2.0/24"));
    }
    List<NetworkPolicyPort> ports =
        switch (serial % 4) {
          case 0 -> List.of(numeric("TCP", 8080, null));
          case 1 -> List.of(named("http"), named("grpc"));
          case 2 -> List.of(numeric("TCP", 8000, 8100), numeric("UDP", 53, null));
          default -> List.of(named("http"), numeric("TCP", 9090, null));
        };
    return np(
        n,
        "allow-app-" + app + "-" + serial,
        target,
        List.of("Ingress"),
        List.of(new NetworkPolicyIngressRule(from, ports)),
        List.of());
  }

  private NetworkPolicy egressPolicy(int n, int app, int serial, LabelSelector target) {
    List<NetworkPolicyEgressRule> egress = new ArrayList<>();
    // DNS to the dns app of namespace ns-000
    egress.add(
        new NetworkPolicyEgressRule(
            List.of(named("dns", "UDP"), named("dns-tcp")),
            List.of(peer(labels("kubernetes.io/metadata.name", ns(0)), labels("app", "app-4")))));
    // the next app in the namespace
    egress.add(
        new NetworkPolicyEgressRule(
            List.of(named("http")),
            List.of(peer(null, labels("app", "app-" + ((app + 1) % APPS_PER_NAMESPACE))))));
    // the internet on 443, but not private ranges
    egress.add(
        new NetworkPolicyEgressRule(
            List.of(numeric("TCP", 443, null)),
            List.of(ipBlock("0.0.0.0/0", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"))));
    if (serial % 5 == 0) {
      egress.add(
          new NetworkPolicyEgressRule(
              List.of(),
              List.of(peer(labels("team", TEAMS[(n + 1) % TEAMS.length]), new LabelSelector()))));
    }
    return np(n, "egress-app-" + app + "-" + serial, target, List.of("Egress"), List.of(), egress);
  }

  private static NetworkPolicy np(
      int n,
      String name,
      LabelSelector podSelector,
      List<String> types,
      List<NetworkPolicyIngressRule> ingress,
      List<NetworkPolicyEgressRule> egress) {
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withNamespace(ns(n))
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withPodSelector(podSelector)
        .withPolicyTypes(types)
        .withIngress(ingress)
        .withEgress(egress)
        .endSpec()
        .build();
  }

  private static LabelSelector labels(String key, String value) {
    return new LabelSelectorBuilder().addToMatchLabels(key, value).build();
  }

  private static LabelSelector expr(String key, String op, String... values) {
    return new LabelSelectorBuilder()
        .addNewMatchExpression()
        .withKey(key)
        .withOperator(op)
        .withValues(values)
        .endMatchExpression()
        .build();
  }

  private static NetworkPolicyPeer peer(LabelSelector namespaces, LabelSelector pods) {
    NetworkPolicyPeer p = new NetworkPolicyPeer();
    p.setNamespaceSelector(namespaces);
    p.setPodSelector(pods);
    return p;
  }

  private static NetworkPolicyPeer ipBlock(String cidr, String... except) {
    NetworkPolicyPeer p = new NetworkPolicyPeer();
    p.setIpBlock(new IPBlock(cidr, List.of(except)));
    return p;
  }

  private static NetworkPolicyPort numeric(String protocol, int port, Integer endPort) {
    return new NetworkPolicyPort(endPort, new IntOrString(port), protocol);
  }

  private static NetworkPolicyPort named(String name) {
    return named(name, "TCP");
  }

  private static NetworkPolicyPort named(String name, String protocol) {
    return new NetworkPolicyPort(null, new IntOrString(name), protocol);
  }

  /**
   * Random connections: mostly pod to pod (half within one namespace, where the allow-lists apply),
   * some from or to addresses (pod IPs, node IPs, the internet), over the ports the policies name
   * and a few others.
   */
  public static Connection[] connections(ClusterSnapshot snapshot, int count, long seed) {
    Random random = new Random(seed);
    List<Pod> pods = snapshot.pods();
    int[] ports = {53, 80, 443, 8080, 8050, 9090, 50051, 5432};
    String[] externals = {"203.0.113.7", "8.8.8.8", "10.0.1.9", "192.168.0.1", "172.16.3.4"};
    Connection[] out = new Connection[count];
    for (int i = 0; i < count; i++) {
      int perNamespace = APPS_PER_NAMESPACE * REPLICAS;
      int srcIndex = random.nextInt(pods.size());
      int dstIndex =
          random.nextBoolean()
              ? (srcIndex / perNamespace) * perNamespace + random.nextInt(perNamespace)
              : random.nextInt(pods.size());
      Pod src = pods.get(srcIndex);
      Pod dst = pods.get(dstIndex);
      Endpoint s = ref(src);
      Endpoint d = ref(dst);
      double kind = random.nextDouble();
      if (kind < 0.05) {
        s = address(externals[random.nextInt(externals.length)]);
      } else if (kind < 0.10) {
        d = address(externals[random.nextInt(externals.length)]);
      } else if (kind < 0.12) {
        d = address(dst.getStatus().getPodIP());
      }
      double p = random.nextDouble();
      Protocol protocol = p < 0.8 ? Protocol.TCP : p < 0.95 ? Protocol.UDP : Protocol.SCTP;
      int port =
          random.nextInt(10) == 0 ? 1 + random.nextInt(65535) : ports[random.nextInt(ports.length)];
      out[i] = new Connection(s, d, protocol, port);
    }
    return out;
  }

  private static Endpoint.PodRef ref(Pod p) {
    return new Endpoint.PodRef(p.getMetadata().getNamespace(), p.getMetadata().getName());
  }

  private static Endpoint.Address address(String ip) {
    return new Endpoint.Address(new inet.ipaddr.IPAddressString(ip).getAddress());
  }
}
