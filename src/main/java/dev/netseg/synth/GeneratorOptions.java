package dev.netseg.synth;

import dev.netseg.infer.AllowEntry;
import dev.netseg.infer.DeclarationException;
import dev.netseg.infer.DeclarationSyntax;
import dev.netseg.infer.InferenceOptions;
import dev.netseg.policy.LabelSelectors;
import dev.netseg.policy.LabelSyntax;
import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Everything a user can set about generation; the CLI and the SegmentationProfile both map onto it.
 * Build it with {@link #builder()}, which checks every value and names the field that is wrong.
 *
 * @param defaultDeny also write a namespace-wide default-deny policy in each namespace
 * @param ingressOnly leave egress open: policies get only the Ingress type, no DNS or API rules
 * @param dns cluster DNS and NodeLocal DNSCache
 * @param apiServer API server addresses and the workloads that need it
 * @param exposure where traffic to exposed Services comes from
 * @param extraEgress outside CIDRs (optionally with port) every governed workload may reach
 * @param clusterDomain the cluster's DNS domain
 * @param profile the SegmentationProfile that owns the policies, for the {@code netseg.dev/profile}
 *     label
 */
public record GeneratorOptions(
    boolean defaultDeny,
    boolean ingressOnly,
    InferenceOptions.Dns dns,
    InferenceOptions.ApiServer apiServer,
    InferenceOptions.Exposure exposure,
    List<AllowEntry> extraEgress,
    String clusterDomain,
    Optional<String> profile) {

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  public GeneratorOptions {
    Objects.requireNonNull(dns, "dns");
    Objects.requireNonNull(apiServer, "apiServer");
    Objects.requireNonNull(exposure, "exposure");
    extraEgress = List.copyOf(extraEgress);
    Objects.requireNonNull(clusterDomain, "clusterDomain");
    Objects.requireNonNull(profile, "profile");
  }

  /** Policies with both types, DNS from kube-system/kube-dns, exposure from any address. */
  public static GeneratorOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The part of the options inference reads. */
  public InferenceOptions inference() {
    return new InferenceOptions(!ingressOnly, dns, apiServer, exposure, clusterDomain);
  }

  /** Collects raw values (as a user writes them) and checks them all in {@link #build()}. */
  public static final class Builder {
    private boolean defaultDeny;
    private boolean ingressOnly;
    private boolean dnsEnabled = true;
    private String dnsNamespace = "kube-system";
    private String dnsService = "kube-dns";
    private Map<String, String> dnsPodLabels = Map.of("k8s-app", "kube-dns");
    private String nodeLocalDns;
    private List<String> apiServerCidrs = List.of();
    private List<Integer> apiServerPorts = List.of(443, 6443);
    private List<String> apiServerClients = List.of();
    private List<String> exposureCidrs = List.of("0.0.0.0/0", "::/0");
    private String ingressControllerNamespace;
    private LabelSelector ingressControllerPodSelector = new LabelSelector();
    private List<String> extraEgress = List.of();
    private String clusterDomain = "cluster.local";
    private String profile;

    private Builder() {}

    public Builder defaultDeny(boolean on) {
      this.defaultDeny = on;
      return this;
    }

    public Builder ingressOnly(boolean on) {
      this.ingressOnly = on;
      return this;
    }

    public Builder dns(boolean enabled) {
      this.dnsEnabled = enabled;
      return this;
    }

    /** The DNS Service whose selector finds the DNS pods (default kube-system/kube-dns). */
    public Builder dnsService(String namespace, String name) {
      this.dnsNamespace = namespace;
      this.dnsService = name;
      return this;
    }

    /** The DNS pods' labels when the DNS Service is not in the input (default k8s-app=kube-dns). */
    public Builder dnsPodLabels(Map<String, String> labels) {
      this.dnsPodLabels = labels;
      return this;
    }

    /** The NodeLocal DNSCache address, e.g. 169.254.20.10; null: not used. */
    public Builder nodeLocalDns(String address) {
      this.nodeLocalDns = address;
      return this;
    }

    public Builder apiServerCidrs(List<String> cidrs) {
      this.apiServerCidrs = cidrs;
      return this;
    }

    public Builder apiServerPorts(List<Integer> ports) {
      this.apiServerPorts = ports;
      return this;
    }

    /** Workloads ({@code namespace/name}) that need the API server without declaring it. */
    public Builder apiServerClients(List<String> clients) {
      this.apiServerClients = clients;
      return this;
    }

    /** Sources of traffic to LoadBalancer, NodePort (and, by default, Ingress) Services. */
    public Builder exposureCidrs(List<String> cidrs) {
      this.exposureCidrs = cidrs;
      return this;
    }

    /** The ingress controller's pods, source of traffic to Services that Ingresses route to. */
    public Builder ingressController(String namespace, Map<String, String> podLabels) {
      return ingressController(namespace, new LabelSelector(null, new TreeMap<>(podLabels)));
    }

    /** The ingress controller's pods by a full selector (null or empty: all pods there). */
    public Builder ingressController(String namespace, LabelSelector podSelector) {
      this.ingressControllerNamespace = namespace;
      this.ingressControllerPodSelector = podSelector == null ? new LabelSelector() : podSelector;
      return this;
    }

    /** Outside destinations every workload may reach: {@code CIDR} or {@code CIDR:port[/proto]}. */
    public Builder extraEgress(List<String> entries) {
      this.extraEgress = entries;
      return this;
    }

    public Builder clusterDomain(String domain) {
      this.clusterDomain = domain;
      return this;
    }

    /** The owning SegmentationProfile's name; null: none. */
    public Builder profile(String name) {
      this.profile = name;
      return this;
    }

    /**
     * @throws InvalidOptionsException listing every wrong value
     */
    public GeneratorOptions build() {
      List<String> problems = new ArrayList<>();
      checkLabel(dnsNamespace, "dns.namespace", problems);
      checkLabel(dnsService, "dns.service", problems);
      checkLabels(dnsPodLabels, "dns.podLabels", problems);
      if (dnsEnabled && dnsPodLabels.isEmpty()) {
        problems.add("dns.podLabels: empty: it would allow DNS to every pod of " + dnsNamespace);
      }
      Optional<IPAddress> nodeLocal = Optional.empty();
      if (nodeLocalDns != null) {
        nodeLocal = address(nodeLocalDns, "nodeLocalDns", problems);
      }
      List<IPAddress> api = cidrs(apiServerCidrs, "apiServer.cidrs", problems);
      if (apiServerPorts.isEmpty()) {
        problems.add("apiServer.ports: empty");
      }
      for (int i = 0; i < apiServerPorts.size(); i++) {
        Integer p = apiServerPorts.get(i);
        if (p == null || p < 1 || p > 65535) {
          problems.add("apiServer.ports[" + i + "]: " + p + " is not a port 1-65535");
        }
      }
      for (int i = 0; i < apiServerClients.size(); i++) {
        String c = apiServerClients.get(i);
        String[] parts = c == null ? new String[0] : c.split("/", -1);
        if (parts.length != 2
            || !DNS_LABEL.matcher(parts[0]).matches()
            || !DNS_SUBDOMAIN.matcher(parts[1]).matches()) {
          problems.add("apiServer.clients[" + i + "]: \"" + c + "\" is not namespace/name");
        }
      }
      List<IPAddress> exposure = cidrs(exposureCidrs, "exposure.cidrs", problems);
      if (exposureCidrs.isEmpty()) {
        problems.add(
            "exposure.cidrs: empty: exposed Services would be unreachable (0.0.0.0/0 and ::/0"
                + " allow any address)");
      }
      Optional<InferenceOptions.IngressController> controller = Optional.empty();
      if (ingressControllerNamespace != null) {
        checkLabel(ingressControllerNamespace, "exposure.ingressController.namespace", problems);
        // Keys, values, operators and their values, as the API server checks them.
        LabelSelectors.validate(
                ingressControllerPodSelector, "exposure.ingressController.podSelector")
            .ifPresent(problems::add);
        controller =
            Optional.of(
                new InferenceOptions.IngressController(
                    ingressControllerNamespace, ingressControllerPodSelector));
      }
      List<AllowEntry> extra = new ArrayList<>();
      for (int i = 0; i < extraEgress.size(); i++) {
        String where = "extraEgress[" + i + "]";
        try {
          AllowEntry e = DeclarationSyntax.parse(String.valueOf(extraEgress.get(i)));
          if (!(e.target() instanceof AllowEntry.Target.Cidr)) {
            problems.add(where + ": \"" + e.text() + "\" is not a CIDR (CIDR[:port][/protocol])");
          } else if (e.port().isPresent()
              && !(e.port().get() instanceof AllowEntry.PortRef.Number)) {
            problems.add(where + ": \"" + e.text() + "\": a CIDR takes a port number, not a name");
          } else {
            extra.add(e);
          }
        } catch (DeclarationException e) {
          problems.add(where + " \"" + extraEgress.get(i) + "\": " + e.getMessage());
        }
      }
      if (clusterDomain == null || !DNS_SUBDOMAIN.matcher(clusterDomain).matches()) {
        problems.add("clusterDomain: \"" + clusterDomain + "\" is not a DNS domain");
      }
      if (profile != null && !DNS_SUBDOMAIN.matcher(profile).matches()) {
        problems.add("profile: \"" + profile + "\" is not a valid object name");
      } else if (profile != null && LabelSyntax.valueProblem(profile).isPresent()) {
        problems.add("profile: \"" + profile + "\" is too long for a label value (63)");
      }
      if (!problems.isEmpty()) {
        throw new InvalidOptionsException(problems);
      }
      return new GeneratorOptions(
          defaultDeny,
          ingressOnly,
          new InferenceOptions.Dns(
              dnsEnabled, dnsNamespace, dnsService, new TreeMap<>(dnsPodLabels), nodeLocal),
          new InferenceOptions.ApiServer(api, List.copyOf(apiServerPorts), apiServerClients),
          new InferenceOptions.Exposure(exposure, controller),
          extra,
          clusterDomain,
          Optional.ofNullable(profile));
    }

    private static void checkLabel(String value, String field, List<String> problems) {
      if (value == null || !DNS_LABEL.matcher(value).matches()) {
        problems.add(field + ": \"" + value + "\" is not a valid name (DNS-1123 label)");
      }
    }

    private static void checkLabels(Map<String, String> labels, String field, List<String> out) {
      for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
        if (LabelSyntax.keyProblem(e.getKey()).isPresent()) {
          out.add(field + ": \"" + e.getKey() + "\" is not a valid label key");
        }
        if (LabelSyntax.valueProblem(e.getValue()).isPresent()) {
          out.add(
              field + "." + e.getKey() + ": \"" + e.getValue() + "\" is not a valid label value");
        }
      }
    }

    private static Optional<IPAddress> address(String text, String field, List<String> problems) {
      try {
        IPAddress ip = new IPAddressString(text.trim()).toAddress();
        if (ip == null || ip.isMultiple()) {
          problems.add(field + ": \"" + text + "\" is not a single IP address");
          return Optional.empty();
        }
        return Optional.of(ip.withoutPrefixLength());
      } catch (AddressStringException e) {
        problems.add(field + ": \"" + text + "\" is not an IP address");
        return Optional.empty();
      }
    }

    private static List<IPAddress> cidrs(List<String> texts, String field, List<String> problems) {
      List<IPAddress> out = new ArrayList<>();
      for (int i = 0; i < texts.size(); i++) {
        String text = texts.get(i);
        String at = field + "[" + i + "]";
        try {
          IPAddress ip = text == null ? null : new IPAddressString(text.trim()).toAddress();
          if (ip == null) {
            problems.add(at + ": \"" + text + "\" is not a CIDR");
          } else if (ip.getNetworkPrefixLength() == null) {
            out.add(ip.toPrefixBlock(ip.getBitCount()));
          } else if (!ip.isPrefixBlock()) {
            problems.add(
                at
                    + ": \""
                    + text
                    + "\" has host bits set; did you mean "
                    + ip.toPrefixBlock().toCanonicalString()
                    + "?");
          } else {
            out.add(ip);
          }
        } catch (AddressStringException e) {
          problems.add(at + ": \"" + text + "\" is not a CIDR");
        }
      }
      return out;
    }
  }
}
