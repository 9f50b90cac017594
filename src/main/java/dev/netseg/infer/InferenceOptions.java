package dev.netseg.infer;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What inference needs to know about the platform. Built and validated from user input by {@code
 * dev.netseg.synth.GeneratorOptions}; the records here only hold checked values.
 *
 * @param restrictEgress whether workloads' egress will be restricted (not ingress-only mode): only
 *     then do they need DNS and API server flows
 * @param clusterDomain the cluster's DNS domain, for {@code svc.ns.svc.<domain>} names
 */
public record InferenceOptions(
    boolean restrictEgress, Dns dns, ApiServer apiServer, Exposure exposure, String clusterDomain) {

  public InferenceOptions {
    Objects.requireNonNull(dns, "dns");
    Objects.requireNonNull(apiServer, "apiServer");
    Objects.requireNonNull(exposure, "exposure");
    Objects.requireNonNull(clusterDomain, "clusterDomain");
  }

  /**
   * Egress restricted, kube-dns in kube-system, no API server addresses, exposure from anywhere.
   */
  public static InferenceOptions defaults() {
    return new InferenceOptions(
        true, Dns.defaults(), ApiServer.defaults(), Exposure.defaults(), "cluster.local");
  }

  /**
   * Cluster DNS.
   *
   * @param enabled whether to add DNS egress at all
   * @param serviceNamespace namespace of the DNS Service (kube-system)
   * @param serviceName name of the DNS Service (kube-dns); its selector finds the DNS pods
   * @param podLabels the DNS pods' labels when the Service is not in the input (k8s-app=kube-dns)
   * @param nodeLocal the NodeLocal DNSCache address (e.g. 169.254.20.10), if used
   */
  public record Dns(
      boolean enabled,
      String serviceNamespace,
      String serviceName,
      Map<String, String> podLabels,
      Optional<IPAddress> nodeLocal) {
    public Dns {
      Objects.requireNonNull(serviceNamespace, "serviceNamespace");
      Objects.requireNonNull(serviceName, "serviceName");
      podLabels = Map.copyOf(podLabels);
      Objects.requireNonNull(nodeLocal, "nodeLocal");
    }

    public static Dns defaults() {
      return new Dns(
          true, "kube-system", "kube-dns", Map.of("k8s-app", "kube-dns"), Optional.empty());
    }
  }

  /**
   * The Kubernetes API server, used when no EndpointSlice of {@code default/kubernetes} is in the
   * input.
   *
   * @param cidrs its endpoint addresses (control-plane IPs), as CIDRs
   * @param ports its endpoint ports (often 6443 or 443)
   * @param clients workloads that need it besides those that declare it, as {@code namespace/name}
   */
  public record ApiServer(List<IPAddress> cidrs, List<Integer> ports, List<String> clients) {
    public ApiServer {
      cidrs = List.copyOf(cidrs);
      ports = List.copyOf(ports);
      clients = List.copyOf(clients);
    }

    public static ApiServer defaults() {
      return new ApiServer(List.of(), List.of(443, 6443), List.of());
    }
  }

  /**
   * Where traffic to exposed Services comes from.
   *
   * @param cidrs sources for LoadBalancer and NodePort Services, and for Ingress-routed Services
   *     when no ingress controller is configured (default 0.0.0.0/0 and ::/0)
   * @param ingressController the ingress controller's pods, for Ingress-routed Services
   */
  public record Exposure(List<IPAddress> cidrs, Optional<IngressController> ingressController) {
    public Exposure {
      cidrs = List.copyOf(cidrs);
      Objects.requireNonNull(ingressController, "ingressController");
    }

    public static Exposure defaults() {
      return new Exposure(
          List.of(
              new IPAddressString("0.0.0.0/0").getAddress(),
              new IPAddressString("::/0").getAddress()),
          Optional.empty());
    }
  }

  /** The ingress controller's pods: a namespace and a pod selector (empty: all its pods). */
  public record IngressController(String namespace, LabelSelector podSelector) {
    public IngressController {
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(podSelector, "podSelector");
    }
  }
}
