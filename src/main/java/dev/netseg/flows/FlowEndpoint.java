package dev.netseg.flows;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One side of an observed connection, as a collector reported it. A pod side has {@code namespace}
 * and {@code pod}, and may carry what the collector said of its controller and labels ({@code
 * hints}); any side may carry its IP; an external side has only the IP and, when the collector knew
 * them, the DNS names the address was resolved from.
 */
public record FlowEndpoint(
    Optional<String> namespace,
    Optional<String> pod,
    Optional<String> ip,
    List<String> dnsNames,
    PodHints hints) {
  public FlowEndpoint {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(pod, "pod");
    Objects.requireNonNull(ip, "ip");
    dnsNames = List.copyOf(dnsNames);
    Objects.requireNonNull(hints, "hints");
    if (pod.isPresent() != namespace.isPresent()) {
      throw new IllegalArgumentException("a pod endpoint needs both namespace and pod");
    }
    if (pod.isEmpty() && ip.isEmpty()) {
      throw new IllegalArgumentException("an endpoint needs a pod or an ip");
    }
  }

  /** A side without hints. */
  public FlowEndpoint(
      Optional<String> namespace,
      Optional<String> pod,
      Optional<String> ip,
      List<String> dnsNames) {
    this(namespace, pod, ip, dnsNames, PodHints.NONE);
  }

  public static FlowEndpoint pod(String namespace, String pod, String ipOrNull) {
    return pod(namespace, pod, ipOrNull, PodHints.NONE);
  }

  public static FlowEndpoint pod(String namespace, String pod, String ipOrNull, PodHints hints) {
    return new FlowEndpoint(
        Optional.of(namespace), Optional.of(pod), Optional.ofNullable(ipOrNull), List.of(), hints);
  }

  public static FlowEndpoint address(String ip, List<String> dnsNames) {
    return new FlowEndpoint(Optional.empty(), Optional.empty(), Optional.of(ip), dnsNames);
  }

  /**
   * Equal when namespace, pod, IP and DNS names are: the hints say how to find the pod's workload,
   * they are not part of the side's identity (parsers that keep more or fewer of them give equal
   * records for the same line).
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof FlowEndpoint e
        && namespace.equals(e.namespace)
        && pod.equals(e.pod)
        && ip.equals(e.ip)
        && dnsNames.equals(e.dnsNames);
  }

  @Override
  public int hashCode() {
    return Objects.hash(namespace, pod, ip, dnsNames);
  }

  /** {@code ns/pod (10.0.0.1)}, {@code 10.0.0.1 (api.example.com)}: for messages. */
  public String describe() {
    String text =
        pod.isPresent()
            ? namespace.get() + "/" + pod.get() + ip.map(i -> " (" + i + ")").orElse("")
            : ip.get() + (dnsNames.isEmpty() ? "" : " (" + String.join(", ", dnsNames) + ")");
    return text;
  }
}
