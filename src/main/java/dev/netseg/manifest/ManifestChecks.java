package dev.netseg.manifest;

import dev.netseg.policy.LabelSelectors;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks the API server would make on the fields netseg relies on, so that a manifest kubectl
 * would reject fails here with its file and document instead of producing a wrong policy: workload
 * selectors and templates, NetworkPolicy selectors, CIDRs and ports, Service ports.
 */
final class ManifestChecks {
  private static final Set<String> PROTOCOLS = Set.of("TCP", "UDP", "SCTP");
  private static final Set<String> POLICY_TYPES = Set.of("Ingress", "Egress");
  // IANA service name, as Kubernetes validates named ports: at most 15 characters, lower-case
  // letters, digits and single inner dashes, at least one letter.
  private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9]([a-z0-9]|-(?!-))*");
  private static final Pattern HAS_LETTER = Pattern.compile(".*[a-z].*");

  private ManifestChecks() {}

  /** The first problem found, as {@code field: message}, or empty. */
  static Optional<String> check(HasMetadata object) {
    if (object instanceof Deployment d) {
      return d.getSpec() == null
          ? missing("spec")
          : controller(d.getSpec().getSelector(), d.getSpec().getTemplate());
    }
    if (object instanceof StatefulSet s) {
      return s.getSpec() == null
          ? missing("spec")
          : controller(s.getSpec().getSelector(), s.getSpec().getTemplate());
    }
    if (object instanceof DaemonSet d) {
      return d.getSpec() == null
          ? missing("spec")
          : controller(d.getSpec().getSelector(), d.getSpec().getTemplate());
    }
    if (object instanceof ReplicaSet r) {
      return r.getSpec() == null
          ? missing("spec")
          : controller(r.getSpec().getSelector(), r.getSpec().getTemplate());
    }
    if (object instanceof ReplicationController r) {
      return r.getSpec() == null ? missing("spec") : replicationController(r.getSpec());
    }
    if (object instanceof Job j) {
      return j.getSpec() == null ? missing("spec") : job(j.getSpec(), "spec");
    }
    if (object instanceof CronJob c) {
      if (c.getSpec() == null) {
        return missing("spec");
      }
      if (c.getSpec().getJobTemplate() == null || c.getSpec().getJobTemplate().getSpec() == null) {
        return missing("spec.jobTemplate.spec");
      }
      return job(c.getSpec().getJobTemplate().getSpec(), "spec.jobTemplate.spec");
    }
    if (object instanceof Pod p) {
      return p.getSpec() == null ? missing("spec") : Optional.empty();
    }
    if (object instanceof NetworkPolicy p) {
      return p.getSpec() == null ? missing("spec") : policy(p.getSpec());
    }
    if (object instanceof Service s) {
      return s.getSpec() == null ? Optional.empty() : servicePorts(s.getSpec().getPorts());
    }
    return Optional.empty();
  }

  private static Optional<String> missing(String field) {
    return Optional.of("missing " + field);
  }

  /** apps/v1 controllers: a required, non-empty, valid selector that matches the template. */
  private static Optional<String> controller(LabelSelector selector, PodTemplateSpec template) {
    if (selector == null) {
      return missing("spec.selector");
    }
    Optional<String> invalid = LabelSelectors.validate(selector, "spec.selector");
    if (invalid.isPresent()) {
      return invalid;
    }
    if (LabelSelectors.isEmpty(selector)) {
      return Optional.of("spec.selector: must not be empty");
    }
    if (template == null) {
      return missing("spec.template");
    }
    return selectsTemplate(selector, template, "spec");
  }

  /**
   * v1 ReplicationController: a template is required; the selector (labels only) defaults to the
   * template's labels, as the API server defaults it, and must otherwise match them.
   */
  private static Optional<String> replicationController(ReplicationControllerSpec spec) {
    if (spec.getTemplate() == null) {
      return missing("spec.template");
    }
    Map<String, String> selector = spec.getSelector();
    if (selector == null || selector.isEmpty()) {
      ObjectMeta meta = spec.getTemplate().getMetadata();
      return meta == null || meta.getLabels() == null || meta.getLabels().isEmpty()
          ? Optional.of(
              "spec.selector: must not be empty (without one, the template's labels are used, and"
                  + " it has none)")
          : Optional.empty();
    }
    LabelSelector labels = new LabelSelector(null, selector);
    Optional<String> invalid = LabelSelectors.validate(labels, "spec.selector");
    if (invalid.isPresent()) {
      return invalid;
    }
    return selectsTemplate(labels, spec.getTemplate(), "spec");
  }

  private static Optional<String> job(JobSpec spec, String field) {
    if (spec.getTemplate() == null) {
      return missing(field + ".template");
    }
    LabelSelector selector = spec.getSelector();
    if (selector == null) {
      return Optional.empty();
    }
    Optional<String> invalid = LabelSelectors.validate(selector, field + ".selector");
    if (invalid.isPresent()) {
      return invalid;
    }
    return selectsTemplate(selector, spec.getTemplate(), field);
  }

  private static Optional<String> selectsTemplate(
      LabelSelector selector, PodTemplateSpec template, String field) {
    ObjectMeta meta = template.getMetadata();
    Map<String, String> labels = meta == null ? Map.of() : meta.getLabels();
    if (!LabelSelectors.matches(selector, labels)) {
      return Optional.of(
          field
              + ".selector does not match "
              + field
              + ".template.metadata.labels (the controller would not own its own pods)");
    }
    return Optional.empty();
  }

  private static Optional<String> policy(NetworkPolicySpec spec) {
    Optional<String> problem = LabelSelectors.validate(spec.getPodSelector(), "spec.podSelector");
    if (problem.isPresent()) {
      return problem;
    }
    List<String> types = spec.getPolicyTypes();
    for (int i = 0; types != null && i < types.size(); i++) {
      if (!POLICY_TYPES.contains(types.get(i))) {
        return Optional.of(
            "spec.policyTypes["
                + i
                + "]: must be Ingress or Egress, found \""
                + types.get(i)
                + "\"");
      }
    }
    List<NetworkPolicyIngressRule> ingress = spec.getIngress();
    for (int i = 0; ingress != null && i < ingress.size(); i++) {
      String rule = "spec.ingress[" + i + "]";
      problem = rule(ingress.get(i).getFrom(), ingress.get(i).getPorts(), rule, "from");
      if (problem.isPresent()) {
        return problem;
      }
    }
    List<NetworkPolicyEgressRule> egress = spec.getEgress();
    for (int i = 0; egress != null && i < egress.size(); i++) {
      String rule = "spec.egress[" + i + "]";
      problem = rule(egress.get(i).getTo(), egress.get(i).getPorts(), rule, "to");
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> rule(
      List<NetworkPolicyPeer> peers, List<NetworkPolicyPort> ports, String rule, String peerField) {
    for (int j = 0; peers != null && j < peers.size(); j++) {
      Optional<String> problem = peer(peers.get(j), rule + "." + peerField + "[" + j + "]");
      if (problem.isPresent()) {
        return problem;
      }
    }
    for (int k = 0; ports != null && k < ports.size(); k++) {
      Optional<String> problem = policyPort(ports.get(k), rule + ".ports[" + k + "]");
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> peer(NetworkPolicyPeer peer, String field) {
    boolean selectors = peer.getPodSelector() != null || peer.getNamespaceSelector() != null;
    if (peer.getIpBlock() != null && selectors) {
      return Optional.of(
          field + ": ipBlock cannot be combined with podSelector or namespaceSelector");
    }
    if (peer.getIpBlock() == null && !selectors) {
      return Optional.of(field + ": must set podSelector, namespaceSelector or ipBlock");
    }
    if (peer.getIpBlock() != null) {
      return ipBlock(peer.getIpBlock(), field + ".ipBlock");
    }
    Optional<String> problem =
        LabelSelectors.validate(peer.getPodSelector(), field + ".podSelector");
    return problem.isPresent()
        ? problem
        : LabelSelectors.validate(peer.getNamespaceSelector(), field + ".namespaceSelector");
  }

  private static Optional<String> ipBlock(IPBlock block, String field) {
    if (block.getCidr() == null || block.getCidr().isBlank()) {
      return missing(field + ".cidr");
    }
    IPAddress cidr = cidr(block.getCidr());
    if (cidr == null) {
      return Optional.of(
          field + ".cidr: \"" + block.getCidr() + "\" is not a CIDR (like 10.0.0.0/8 or fd00::/8)");
    }
    List<String> except = block.getExcept();
    for (int i = 0; except != null && i < except.size(); i++) {
      String at = field + ".except[" + i + "]";
      IPAddress ex = cidr(except.get(i));
      if (ex == null) {
        return Optional.of(at + ": \"" + except.get(i) + "\" is not a CIDR (like 10.1.0.0/16)");
      }
      IPAddress outer = cidr.toPrefixBlock();
      IPAddress inner = ex.toPrefixBlock();
      if (outer.getIPVersion() != inner.getIPVersion()
          || !outer.contains(inner)
          || inner.getPrefixLength() <= outer.getPrefixLength()) {
        return Optional.of(
            at + ": " + except.get(i) + " must be strictly inside cidr " + block.getCidr());
      }
    }
    return Optional.empty();
  }

  /** A prefixed address ({@code a.b.c.d/n} or IPv6), or null. */
  private static IPAddress cidr(String text) {
    if (text == null) {
      return null;
    }
    IPAddressString s = new IPAddressString(text.strip());
    IPAddress address = s.getAddress();
    if (address == null || !s.isPrefixed()) {
      return null;
    }
    return address;
  }

  private static Optional<String> policyPort(NetworkPolicyPort port, String field) {
    Optional<String> problem = protocol(port.getProtocol(), field);
    if (problem.isPresent()) {
      return problem;
    }
    IntOrString p = port.getPort();
    if (p != null) {
      problem = portValue(p, field + ".port");
      if (problem.isPresent()) {
        return problem;
      }
    }
    Integer end = port.getEndPort();
    if (end != null) {
      if (p == null || p.getIntVal() == null) {
        return Optional.of(field + ".endPort: needs a numeric port");
      }
      if (end < p.getIntVal() || end > 65535) {
        return Optional.of(
            field + ".endPort: must be between port " + p.getIntVal() + " and 65535, found " + end);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> servicePorts(List<ServicePort> ports) {
    for (int i = 0; ports != null && i < ports.size(); i++) {
      ServicePort port = ports.get(i);
      String field = "spec.ports[" + i + "]";
      Optional<String> problem = protocol(port.getProtocol(), field);
      if (problem.isPresent()) {
        return problem;
      }
      if (port.getPort() == null) {
        return missing(field + ".port");
      }
      problem = portNumber(port.getPort(), field + ".port");
      if (problem.isPresent()) {
        return problem;
      }
      // 0 (and a missing targetPort) means "the same as port": the API server defaults it so.
      if (port.getTargetPort() != null && !isZero(port.getTargetPort())) {
        problem = portValue(port.getTargetPort(), field + ".targetPort");
        if (problem.isPresent()) {
          return problem;
        }
      }
    }
    return Optional.empty();
  }

  private static boolean isZero(IntOrString port) {
    return port.getIntVal() != null && port.getIntVal() == 0;
  }

  private static Optional<String> protocol(String protocol, String field) {
    if (protocol != null && !PROTOCOLS.contains(protocol)) {
      return Optional.of(field + ".protocol: must be TCP, UDP or SCTP, found \"" + protocol + "\"");
    }
    return Optional.empty();
  }

  private static Optional<String> portValue(IntOrString port, String field) {
    if (port.getIntVal() != null) {
      return portNumber(port.getIntVal(), field);
    }
    String name = port.getStrVal();
    if (name == null
        || name.length() > 15
        || !PORT_NAME.matcher(name).matches()
        || name.endsWith("-")
        || !HAS_LETTER.matcher(name).matches()) {
      return Optional.of(
          field
              + ": \""
              + name
              + "\" is neither a port number nor a port name (1-15 lower-case letters, digits"
              + " and dashes)");
    }
    return Optional.empty();
  }

  private static Optional<String> portNumber(int port, String field) {
    if (port < 1 || port > 65535) {
      return Optional.of(field + ": must be between 1 and 65535, found " + port);
    }
    return Optional.empty();
  }
}
