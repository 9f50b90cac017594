package dev.netseg.policy;

import inet.ipaddr.IPAddress;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Validates a NetworkPolicy as the API server would and applies its defaults. Errors name the
 * policy and the field path.
 */
final class PolicyParser {
  /** IANA_SVC_NAME: at most 15 lowercase letters, digits and single inner hyphens, one letter. */
  private static final Pattern SVC_NAME =
      Pattern.compile("[a-z0-9]([a-z0-9]|-(?!-))*[a-z0-9]|[a-z]");

  private static final String DEFAULT_NAMESPACE = "default";

  private final String id;

  private PolicyParser(String id) {
    this.id = id;
  }

  static ParsedPolicy parse(NetworkPolicy policy) {
    String namespace = namespaceOf(policy.getMetadata());
    String name = policy.getMetadata() == null ? null : policy.getMetadata().getName();
    PolicyParser p = new PolicyParser(namespace + "/" + (name == null ? "<unnamed>" : name));
    if (name == null || name.isBlank()) {
      throw p.error("metadata.name", "missing");
    }
    return p.parse(namespace, policy.getSpec());
  }

  static String namespaceOf(io.fabric8.kubernetes.api.model.ObjectMeta meta) {
    String ns = meta == null ? null : meta.getNamespace();
    return ns == null || ns.isEmpty() ? DEFAULT_NAMESPACE : ns;
  }

  private ParsedPolicy parse(String namespace, NetworkPolicySpec spec) {
    if (spec == null) {
      throw error("spec", "missing");
    }
    LabelSelector podSelector =
        spec.getPodSelector() == null ? new LabelSelector() : spec.getPodSelector();
    checkSelector(podSelector, "spec.podSelector");

    List<NetworkPolicyIngressRule> ingress = nonNull(spec.getIngress());
    List<NetworkPolicyEgressRule> egress = nonNull(spec.getEgress());
    boolean isIngress;
    boolean isEgress;
    List<String> types = nonNull(spec.getPolicyTypes());
    if (types.isEmpty()) {
      // The API server's defaulting: Ingress always, Egress only when egress rules exist.
      isIngress = true;
      isEgress = !egress.isEmpty();
    } else {
      isIngress = false;
      isEgress = false;
      for (int i = 0; i < types.size(); i++) {
        String t = types.get(i);
        if ("Ingress".equals(t)) {
          isIngress = true;
        } else if ("Egress".equals(t)) {
          isEgress = true;
        } else {
          throw error(
              "spec.policyTypes[" + i + "]",
              quote(t) + " is not a valid policy type (Ingress, Egress)");
        }
      }
    }

    List<ParsedPolicy.Rule> ingressRules = new ArrayList<>();
    for (int i = 0; i < ingress.size(); i++) {
      NetworkPolicyIngressRule r = ingress.get(i);
      String at = "spec.ingress[" + i + "]";
      ingressRules.add(
          new ParsedPolicy.Rule(
              i,
              peers(nonNull(r.getFrom()), at + ".from"),
              ports(nonNull(r.getPorts()), at + ".ports")));
    }
    List<ParsedPolicy.Rule> egressRules = new ArrayList<>();
    for (int i = 0; i < egress.size(); i++) {
      NetworkPolicyEgressRule r = egress.get(i);
      String at = "spec.egress[" + i + "]";
      egressRules.add(
          new ParsedPolicy.Rule(
              i,
              peers(nonNull(r.getTo()), at + ".to"),
              ports(nonNull(r.getPorts()), at + ".ports")));
    }
    return new ParsedPolicy(
        id,
        namespace,
        podSelector,
        isIngress,
        isEgress,
        List.copyOf(ingressRules),
        List.copyOf(egressRules));
  }

  private List<ParsedPolicy.Peer> peers(List<NetworkPolicyPeer> peers, String field) {
    List<ParsedPolicy.Peer> out = new ArrayList<>(peers.size());
    for (int i = 0; i < peers.size(); i++) {
      NetworkPolicyPeer peer = peers.get(i);
      String at = field + "[" + i + "]";
      boolean selectors = peer.getPodSelector() != null || peer.getNamespaceSelector() != null;
      if (peer.getIpBlock() != null) {
        if (selectors) {
          throw error(at, "ipBlock cannot be combined with podSelector or namespaceSelector");
        }
        out.add(ipBlock(peer.getIpBlock(), at + ".ipBlock"));
      } else if (selectors) {
        checkSelector(peer.getPodSelector(), at + ".podSelector");
        checkSelector(peer.getNamespaceSelector(), at + ".namespaceSelector");
        out.add(new ParsedPolicy.SelectorPeer(peer.getNamespaceSelector(), peer.getPodSelector()));
      } else {
        throw error(at, "must specify podSelector, namespaceSelector or ipBlock");
      }
    }
    return List.copyOf(out);
  }

  private ParsedPolicy.IpBlockPeer ipBlock(IPBlock block, String field) {
    IPAddress cidr =
        Cidrs.parseCidr(block.getCidr())
            .orElseThrow(
                () -> error(field + ".cidr", quote(block.getCidr()) + " is not a valid CIDR"));
    IpRange range = IpRange.of(cidr);
    List<String> except = nonNull(block.getExcept());
    List<IpRange> excepts = new ArrayList<>(except.size());
    for (int i = 0; i < except.size(); i++) {
      String text = except.get(i);
      String at = field + ".except[" + i + "]";
      IPAddress e =
          Cidrs.parseCidr(text).orElseThrow(() -> error(at, quote(text) + " is not a valid CIDR"));
      IpRange r = IpRange.of(e);
      if (!range.strictlyContains(r)) {
        throw error(at, quote(text) + " is not a strict subset of cidr " + quote(block.getCidr()));
      }
      excepts.add(r);
    }
    return new ParsedPolicy.IpBlockPeer(range, List.copyOf(excepts));
  }

  private List<ParsedPolicy.Port> ports(List<NetworkPolicyPort> ports, String field) {
    List<ParsedPolicy.Port> out = new ArrayList<>(ports.size());
    for (int i = 0; i < ports.size(); i++) {
      NetworkPolicyPort port = ports.get(i);
      String at = field + "[" + i + "]";
      Protocol protocol = protocol(port.getProtocol(), at + ".protocol");
      IntOrString value = port.getPort();
      Integer endPort = port.getEndPort();
      if (value == null || value.getValue() == null) {
        if (endPort != null) {
          throw error(at + ".endPort", "requires a numeric port");
        }
        out.add(new ParsedPolicy.Port(protocol, PortRange.MIN_PORT, PortRange.MAX_PORT, null));
      } else if (value.getIntVal() != null) {
        int from = value.getIntVal();
        checkPort(from, at + ".port");
        int to = from;
        if (endPort != null) {
          checkPort(endPort, at + ".endPort");
          if (endPort < from) {
            throw error(at + ".endPort", endPort + " is less than port " + from);
          }
          to = endPort;
        }
        out.add(new ParsedPolicy.Port(protocol, from, to, null));
      } else {
        String name = value.getStrVal();
        if (endPort != null) {
          throw error(at + ".endPort", "not allowed with a named port " + quote(name));
        }
        if (name.length() > 15 || !SVC_NAME.matcher(name).matches() || !hasLetter(name)) {
          throw error(
              at + ".port",
              quote(name) + " is not a port number or a valid port name (IANA_SVC_NAME)");
        }
        out.add(new ParsedPolicy.Port(protocol, 0, 0, name));
      }
    }
    return List.copyOf(out);
  }

  private Protocol protocol(String text, String field) {
    if (text == null) {
      return Protocol.TCP;
    }
    for (Protocol p : Protocol.values()) {
      if (p.name().equals(text)) {
        return p;
      }
    }
    throw error(field, quote(text) + " is not a valid protocol (TCP, UDP, SCTP)");
  }

  private void checkPort(int port, String field) {
    if (port < PortRange.MIN_PORT || port > PortRange.MAX_PORT) {
      throw error(field, port + " is out of range 1-65535");
    }
  }

  private void checkSelector(LabelSelector selector, String field) {
    LabelSelectors.validate(selector, field)
        .ifPresent(
            msg -> {
              throw new InvalidPolicyException("NetworkPolicy " + id + ": " + msg);
            });
  }

  private static boolean hasLetter(String s) {
    return s.chars().anyMatch(c -> c >= 'a' && c <= 'z');
  }

  private InvalidPolicyException error(String field, String message) {
    return new InvalidPolicyException("NetworkPolicy " + id + ": " + field + ": " + message);
  }

  private static String quote(String s) {
    return s == null ? "null" : "\"" + s + "\"";
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }
}
