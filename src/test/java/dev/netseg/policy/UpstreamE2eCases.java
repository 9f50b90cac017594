package dev.netseg.policy;

import static dev.netseg.policy.Protocol.SCTP;
import static dev.netseg.policy.Protocol.TCP;
import static dev.netseg.policy.Protocol.UDP;

import inet.ipaddr.IPAddressString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The upstream Kubernetes e2e NetworkPolicy cases (test/e2e/network/netpol), restated in
 * /work/shared/netpol-e2e-cases.md: namespaces x, y, z labelled {@code ns=<name>}; pods a, b, c
 * labelled {@code pod=<name>} serving 80 and 81 on TCP, UDP and SCTP under the names {@code
 * serve-<port>-<proto>}. Each case lists its pods, its policies and, per probe, the overrides to an
 * all-allowed matrix, applied in order (a later override wins). Loopback is not probed.
 *
 * <p>The e2e suite's policy helpers set {@code policyTypes: [Egress]} on egress-only policies, so
 * the cases below do too: without it the API server would default to Ingress and Egress.
 *
 * <p>The engine's tests ({@code KubernetesE2eCasesTest}) and the dataplane tier's (which applies
 * the same cases to a real API server and measures them on packets) read the same table. To add a
 * case: append a {@code kase(...)} to {@link #cases()}.
 */
public final class UpstreamE2eCases {
  private UpstreamE2eCases() {}

  /** Every case, in the order of the restatement. */
  public static Stream<Case> cases() {
    return Stream.of(
        kase("C1 default-deny-ingress", "x/a x/b y/a y/b")
            .policy("x", "deny-ingress", "podSelector: {}\npolicyTypes: [Ingress]")
            .probe(TCP, 80, "* -> x/* deny"),
        kase("C1 default-deny-ingress over UDP", "x/a x/b y/a y/b")
            .policy("x", "deny-ingress", "podSelector: {}\npolicyTypes: [Ingress]")
            .probe(UDP, 80, "* -> x/* deny"),
        kase("C1 default-deny-ingress over SCTP", "x/a x/b y/a y/b")
            .policy("x", "deny-ingress", "podSelector: {}\npolicyTypes: [Ingress]")
            .probe(SCTP, 80, "* -> x/* deny"),
        kase("C2 default-deny-all", "x/a x/b y/a")
            .policy("x", "deny-all", "podSelector: {}\npolicyTypes: [Ingress, Egress]")
            .probe(TCP, 80, "* -> x/* deny", "x/* -> * deny"),
        kase("C3 podSelector peer in the same namespace", "x/a x/b x/c y/a")
            .policy(
                "x",
                "allow-b",
                """
                podSelector: {matchLabels: {pod: a}}
                ingress:
                - from:
                  - podSelector: {matchLabels: {pod: b}}
                """)
            .probe(TCP, 80, "* -> x/a deny", "x/b -> x/a allow"),
        kase("C4 deny-all plus allow-all to a", "x/a x/b y/a")
            .policy("x", "deny-all", "podSelector: {}")
            .policy(
                "x",
                "allow-all-to-a",
                """
                podSelector: {matchLabels: {pod: a}}
                ingress:
                - from:
                  - podSelector: {}
                    namespaceSelector: {}
                """)
            .probe(TCP, 80, "* -> x/a allow", "* -> x/b deny"),
        kase("C5 namespaceSelector peer", "x/a x/b y/a z/a")
            .policy(
                "x",
                "allow-ns-y",
                """
                podSelector: {matchLabels: {pod: a}}
                ingress:
                - from:
                  - namespaceSelector: {matchLabels: {ns: y}}
                """)
            .probe(TCP, 80, "x/* -> x/a deny", "z/* -> x/a deny"),
        kase("C6 two peers are an OR", "x/a x/b x/c y/a")
            .policy(
                "x",
                "allow-other-ns-or-b",
                """
                podSelector: {matchLabels: {pod: a}}
                ingress:
                - from:
                  - namespaceSelector:
                      matchExpressions: [{key: ns, operator: NotIn, values: [x]}]
                  - podSelector: {matchLabels: {pod: b}}
                """)
            .probe(TCP, 80, "x/c -> x/a deny"),
        kase("C7 both selectors in one peer are an AND", "x/a x/b y/a y/b z/b")
            .policy(
                "x",
                "allow-b-of-other-ns",
                """
                podSelector: {matchLabels: {pod: a}}
                ingress:
                - from:
                  - namespaceSelector:
                      matchExpressions: [{key: ns, operator: NotIn, values: [x]}]
                    podSelector: {matchLabels: {pod: b}}
                """)
            .probe(TCP, 80, "* -> x/a deny", "y/b -> x/a allow", "z/b -> x/a allow"),
        andCase(UDP),
        andCase(SCTP),
        kase("C8 matchExpressions In", "x/a x/b y/a y/b y/c")
            .policy(
                "x",
                "allow-b-c-of-other-ns",
                """
                podSelector: {matchLabels: {pod: a}}
                ingress:
                - from:
                  - namespaceSelector:
                      matchExpressions: [{key: ns, operator: NotIn, values: [x]}]
                    podSelector:
                      matchExpressions: [{key: pod, operator: In, values: [b, c]}]
                """)
            .probe(TCP, 80, "x/* -> x/a deny", "y/a -> x/a deny"),
        portCase(TCP, false),
        portCase(TCP, true),
        portCase(UDP, false),
        portCase(UDP, true),
        portCase(SCTP, false),
        portCase(SCTP, true),
        kase("C10 named port on ingress", "x/a x/b y/a")
            .policy(
                "x",
                "allow-serve-81",
                """
                podSelector: {}
                ingress:
                - ports:
                  - port: serve-81-tcp
                """)
            .probe(TCP, 81)
            .probe(TCP, 80, "* -> x/* deny"),
        kase("C11 named port with a namespaceSelector", "x/a x/b y/a z/a")
            .policy(
                "x",
                "allow-y-serve-80",
                """
                podSelector: {matchLabels: {pod: a}}
                ingress:
                - from:
                  - namespaceSelector: {matchLabels: {ns: y}}
                  ports:
                  - protocol: TCP
                    port: serve-80-tcp
                """)
            .probe(TCP, 80, "x/* -> x/a deny", "z/* -> x/a deny")
            .probe(TCP, 81, "* -> x/a deny"),
        kase("C12 named port on egress resolves on the destination", "x/a y/a")
            .policy(
                "x",
                "egress-serve-80",
                """
                podSelector: {}
                policyTypes: [Egress]
                egress:
                - ports:
                  - port: serve-80-tcp
                """)
            .probe(TCP, 80)
            .probe(TCP, 81, "x/* -> * deny"),
        kase("C13 ingress and egress in one policy", "x/a x/b x/c y/a")
            .policy(
                "x",
                "in-and-out",
                """
                podSelector: {matchLabels: {pod: a}}
                policyTypes: [Egress, Ingress]
                ingress:
                - from:
                  - podSelector: {matchLabels: {pod: b}}
                egress:
                - ports:
                  - port: 80
                """)
            .probe(TCP, 80, "* -> x/a deny", "x/b -> x/a allow")
            .probe(TCP, 81, "* -> x/a deny", "x/a -> * deny", "x/b -> x/a allow"),
        kase("C14 the client's egress deny wins", "x/a y/a y/b")
            .policy(
                "x",
                "egress-to-y-a",
                """
                podSelector: {matchLabels: {pod: a}}
                policyTypes: [Egress]
                egress:
                - to:
                  - namespaceSelector: {matchLabels: {ns: y}}
                    podSelector: {matchLabels: {pod: a}}
                """)
            .policy("y", "allow-x-a-to-a", fromXa("a"))
            .policy("y", "allow-x-a-to-b", fromXa("b"))
            .probe(TCP, 80, "x/a -> * deny", "* -> y/a deny", "x/a -> y/a allow", "* -> y/b deny"),
        kase("C15 egress to a pod of another namespace", "x/a y/a y/b")
            .policy(
                "x",
                "egress-to-y-a",
                """
                podSelector: {matchLabels: {pod: a}}
                policyTypes: [Egress]
                egress:
                - to:
                  - namespaceSelector: {matchLabels: {ns: y}}
                    podSelector: {matchLabels: {pod: a}}
                """)
            .probe(TCP, 80, "x/a -> * deny", "x/a -> y/a allow"),
        kase("C16 a port entry with only a protocol", "x/a y/a")
            .policy(
                "x",
                "tcp-only",
                """
                podSelector: {matchLabels: {pod: a}}
                ingress:
                - ports:
                  - protocol: TCP
                """)
            .probe(TCP, 80)
            .probe(UDP, 80, "* -> x/a deny"),
        kase("C17 a narrower ingress policy alone", "x/a y/a")
            .policy("x", "ingress-80", "podSelector: {}\ningress:\n- ports:\n  - port: 80")
            .probe(TCP, 81, "* -> x/* deny"),
        kase("C17 allow-all ingress overrides it", "x/a y/a")
            .policy("x", "ingress-80", "podSelector: {}\ningress:\n- ports:\n  - port: 80")
            .policy("x", "ingress-all", "podSelector: {}\ningress:\n- {}")
            .probe(TCP, 81),
        kase("C17 a narrower egress policy alone", "x/a y/a")
            .policy(
                "x",
                "egress-80",
                "podSelector: {}\npolicyTypes: [Egress]\negress:\n- ports:\n  - port: 80")
            .probe(TCP, 81, "x/* -> * deny"),
        kase("C17 allow-all egress overrides it", "x/a y/a")
            .policy(
                "x",
                "egress-80",
                "podSelector: {}\npolicyTypes: [Egress]\negress:\n- ports:\n  - port: 80")
            .policy("x", "egress-all", "podSelector: {}\npolicyTypes: [Egress]\negress:\n- {}")
            .probe(TCP, 81),
        kase("C18 SCTP is not TCP", "x/a y/a")
            .policy("x", "deny-all", "podSelector: {}\npolicyTypes: [Ingress]")
            .policy("x", "sctp-81", onlyPort("SCTP", 81))
            .probe(TCP, 81, "* -> x/* deny")
            .probe(SCTP, 81, "* -> x/* deny", "* -> x/a allow"),
        kase("C18 SCTP 80 alone does not allow TCP 81", "x/a y/a")
            .policy("x", "sctp-80", onlyPort("SCTP", 80))
            .probe(TCP, 81, "* -> x/a deny"),
        kase("C18 UDP 81 alone does not allow TCP 81", "x/a y/a")
            .policy("x", "udp-81", onlyPort("UDP", 81))
            .probe(TCP, 81, "* -> x/a deny")
            .probe(UDP, 81),
        kase("C19 ipBlock /32 on egress", "x/a y/a y/b")
            .policy(
                "x",
                "egress-to-ip",
                """
                podSelector: {matchLabels: {pod: a}}
                policyTypes: [Egress]
                egress:
                - to:
                  - ipBlock: {cidr: %s/32}
                """
                    .formatted(ip("y/b")))
            .probe(TCP, 80, "x/a -> * deny", "x/a -> y/b allow"),
        kase("C20 ipBlock with except", "x/a x/b x/c")
            .policy(
                "x",
                "egress-except-b",
                """
                podSelector: {matchLabels: {pod: a}}
                policyTypes: [Egress]
                egress:
                - to:
                  - ipBlock:
                      cidr: %s
                      except: [%s/32]
                """
                    .formatted(block(ip("x/b"), 4), ip("x/b")))
            .probe(TCP, 80, "x/a -> x/b deny"),
        kase("C20 then only the excepted IP", "x/a x/b x/c")
            .policy(
                "x",
                "egress-only-b",
                """
                podSelector: {matchLabels: {pod: a}}
                policyTypes: [Egress]
                egress:
                - to:
                  - ipBlock: {cidr: %s/32}
                """
                    .formatted(ip("x/b")))
            .probe(TCP, 80, "x/a -> * deny", "x/a -> x/b allow"),
        kase("C21 the default namespace name label", "x/a x/b y/a z/a")
            .policy(
                "x",
                "egress-not-y",
                """
                podSelector: {matchLabels: {pod: a}}
                policyTypes: [Egress]
                egress:
                - to:
                  - namespaceSelector:
                      matchExpressions:
                      - {key: kubernetes.io/metadata.name, operator: NotIn, values: [y]}
                """)
            .probe(TCP, 80, "x/a -> y/* deny"),
        kase("C22 deny ingress from other namespaces", "x/a x/b y/a z/a")
            .policy(
                "x",
                "same-ns-only",
                """
                podSelector: {}
                ingress:
                - from:
                  - podSelector: {}
                """)
            .probe(TCP, 80, "y/* -> x/* deny", "z/* -> x/* deny"),
        kase("E1 endPort range", "x/a y/a")
            .policy(
                "x",
                "range-81-90",
                """
                podSelector: {matchLabels: {pod: a}}
                ingress:
                - ports:
                  - {port: 81, endPort: 90}
                """)
            .probe(TCP, 80, "* -> x/a deny")
            .probe(TCP, 81)
            .probe(UDP, 81, "* -> x/a deny"));
  }

  // ---- the e2e world --------------------------------------------------------------------------

  public static final List<String> NAMESPACES = List.of("x", "y", "z");

  /** Pod IPs 10.0.N.P, N and P counting from 1: x/a is 10.0.1.1, z/c is 10.0.3.3. */
  public static String ip(String pod) {
    String[] p = pod.split("/");
    return "10.0." + (NAMESPACES.indexOf(p[0]) + 1) + "." + (p[1].charAt(0) - 'a' + 1);
  }

  /** The /{@code bits} block containing {@code ip}, e.g. 0.0.0.0/4 for 10.0.2.2. */
  public static String block(String ip, int bits) {
    return new IPAddressString(ip + "/" + bits).getAddress().toPrefixBlock().toCanonicalString();
  }

  public static Pod e2ePod(String id) {
    String[] p = id.split("/");
    K8s.PodSpecBuilder b = K8s.pod(p[0], p[1]).label("pod", p[1]).ip(ip(id)).hostIp("192.168.0.1");
    for (int port : new int[] {80, 81}) {
      for (Protocol proto : Protocol.values()) {
        b.port("serve-" + port + "-" + proto.name().toLowerCase(), proto, port);
      }
    }
    return b.build();
  }

  private static Case andCase(Protocol protocol) {
    return kase("C7 AND of selectors over " + protocol, "x/a x/b y/a y/b")
        .policy(
            "x",
            "allow-y-a",
            """
            podSelector: {matchLabels: {pod: a}}
            ingress:
            - from:
              - namespaceSelector: {matchLabels: {ns: y}}
                podSelector: {matchLabels: {pod: a}}
            """)
        .probe(protocol, 80, "* -> x/a deny", "y/a -> x/a allow");
  }

  /** C9: ingress from namespace y on one numeric port, then stacked with a second policy. */
  private static Case portCase(Protocol protocol, boolean stacked) {
    Case c =
        kase(
                "C9 numeric port over " + protocol + (stacked ? ", stacked with port 80" : ""),
                "x/a x/b y/a y/b z/a")
            .policy("x", "allow-y-81", fromYOnPort(protocol, 81));
    if (stacked) {
      return c.policy("x", "allow-y-80", fromYOnPort(protocol, 80))
          .probe(protocol, 80, "x/* -> x/a deny", "z/* -> x/a deny")
          .probe(protocol, 81, "x/* -> x/a deny", "z/* -> x/a deny");
    }
    return c.probe(protocol, 81, "x/* -> x/a deny", "z/* -> x/a deny")
        .probe(protocol, 80, "* -> x/a deny");
  }

  private static String fromYOnPort(Protocol protocol, int port) {
    return """
        podSelector: {matchLabels: {pod: a}}
        ingress:
        - from:
          - namespaceSelector: {matchLabels: {ns: y}}
          ports:
          - {protocol: %s, port: %d}
        """
        .formatted(protocol, port);
  }

  private static String fromXa(String target) {
    return """
        podSelector: {matchLabels: {pod: %s}}
        ingress:
        - from:
          - namespaceSelector: {matchLabels: {ns: x}}
            podSelector: {matchLabels: {pod: a}}
        """
        .formatted(target);
  }

  private static String onlyPort(String protocol, int port) {
    return """
        podSelector: {matchLabels: {pod: a}}
        ingress:
        - ports:
          - {protocol: %s, port: %d}
        """
        .formatted(protocol, port);
  }

  // ---- the table DSL --------------------------------------------------------------------------

  static Case kase(String name, String pods) {
    return new Case(name, List.of(pods.split(" ")));
  }

  public record Step(Predicate<String> from, Predicate<String> to, boolean allow) {
    /** Parses {@code "SRC -> DST allow|deny"} where SRC, DST are *, ns/* or ns/pod. */
    public static Step parse(String text) {
      String[] t = text.split(" ");
      if (t.length != 4 || !t[1].equals("->") || !t[3].matches("allow|deny")) {
        throw new IllegalArgumentException("bad override: " + text);
      }
      return new Step(pattern(t[0]), pattern(t[2]), t[3].equals("allow"));
    }

    private static Predicate<String> pattern(String p) {
      if (p.equals("*")) {
        return pod -> true;
      }
      if (p.endsWith("/*")) {
        String ns = p.substring(0, p.length() - 1);
        return pod -> pod.startsWith(ns);
      }
      return p::equals;
    }
  }

  /** One protocol and port the case states expectations for. */
  public record Probe(Protocol protocol, int port, List<Step> overrides) {}

  public interface Cell {
    boolean allowed(String src, String dst);
  }

  /** One upstream case: its pods ({@code ns/pod}), its policies, and its stated expectations. */
  public static final class Case {
    private final String name;
    private final List<String> pods;
    private final List<NetworkPolicy> policies = new ArrayList<>();
    private final List<Probe> probes = new ArrayList<>();

    Case(String name, List<String> pods) {
      this.name = name;
      this.pods = pods;
    }

    Case policy(String ns, String policyName, String specYaml) {
      policies.add(K8s.policy(ns, policyName, specYaml));
      return this;
    }

    Case probe(Protocol protocol, int port, String... overrides) {
      probes.add(new Probe(protocol, port, Stream.of(overrides).map(Step::parse).toList()));
      return this;
    }

    public String name() {
      return name;
    }

    /** The pods the case creates, as {@code ns/pod}. */
    public List<String> pods() {
      return pods;
    }

    public List<NetworkPolicy> policies() {
      return List.copyOf(policies);
    }

    /** The protocols and ports the case states expectations for. */
    public List<Probe> probes() {
      return List.copyOf(probes);
    }

    public ClusterSnapshot snapshot() {
      List<Namespace> namespaces =
          NAMESPACES.stream().map(n -> K8s.namespace(n, Map.of("ns", n))).toList();
      return new ClusterSnapshot(
          namespaces, pods.stream().map(UpstreamE2eCases::e2ePod).toList(), policies);
    }

    /** The case's stated verdict for {@code src -> dst} on the probe's protocol and port. */
    public boolean expected(Probe probe, String src, String dst) {
      boolean allowed = true;
      for (Step o : probe.overrides) {
        if (o.from.test(src) && o.to.test(dst)) {
          allowed = o.allow;
        }
      }
      return allowed;
    }

    /** A truth table like the e2e suite prints: rows are sources, "X" is denied. */
    public String table(Probe probe, Cell cell) {
      StringBuilder sb = new StringBuilder(String.format("%-5s", "-"));
      pods.forEach(p -> sb.append(String.format("%-5s", p)));
      for (String src : pods) {
        sb.append('\n').append(String.format("%-5s", src));
        for (String dst : pods) {
          String mark = src.equals(dst) ? "" : cell.allowed(src, dst) ? "." : "X";
          sb.append(String.format("%-5s", mark));
        }
      }
      return sb.toString();
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
