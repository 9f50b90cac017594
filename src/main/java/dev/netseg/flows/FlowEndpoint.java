package dev.netseg.flows;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One side of an observed connection, as a collector reported it. A pod side has {@code namespace}
 * and {@code pod}; any side may carry its IP; an external side has only the IP and, when the
 * collector knew them, the DNS names the address was resolved from.
 */
public record FlowEndpoint(
    Optional<String> namespace, Optional<String> pod, Optional<String> ip, List<String> dnsNames) {
  public FlowEndpoint {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(pod, "pod");
    Objects.requireNonNull(ip, "ip");
    dnsNames = List.copyOf(dnsNames);
    if (pod.isPresent() != namespace.isPresent()) {
      throw new IllegalArgumentException("a pod endpoint needs both namespace and pod");
    }
    if (pod.isEmpty() && ip.isEmpty()) {
      throw new IllegalArgumentException("an endpoint needs a pod or an ip");
    }
  }

  public static FlowEndpoint pod(String namespace, String pod, String ipOrNull) {
    return new FlowEndpoint(
        Optional.of(namespace), Optional.of(pod), Optional.ofNullable(ipOrNull), List.of());
  }

  public static FlowEndpoint address(String ip, List<String> dnsNames) {
    return new FlowEndpoint(Optional.empty(), Optional.empty(), Optional.of(ip), dnsNames);
  }
}
