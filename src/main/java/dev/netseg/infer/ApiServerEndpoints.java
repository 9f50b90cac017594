package dev.netseg.infer;

import dev.netseg.model.Peer;
import dev.netseg.policy.Protocol;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Where the Kubernetes API server is, as policies see it: the endpoint addresses and ports of the
 * {@code default/kubernetes} Service (control-plane IPs, which no pod selector matches), from its
 * EndpointSlices when the input has them, else the configured CIDRs and ports.
 *
 * @param destinations empty when the address is unknown
 * @param source how they were found, for evidence
 */
record ApiServerEndpoints(List<Destination> destinations, String source) {
  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  static ApiServerEndpoints of(List<EndpointSlice> slices, InferenceOptions.ApiServer options) {
    TreeSet<Destination> found =
        new TreeSet<>(
            (a, b) -> {
              int c = a.peer().compareTo(b.peer());
              c = c != 0 ? c : a.protocol().compareTo(b.protocol());
              return c != 0 ? c : Integer.compare(a.port(), b.port());
            });
    for (EndpointSlice slice : slices) {
      Map<String, String> labels = slice.getMetadata().getLabels();
      if (!"default".equals(slice.getMetadata().getNamespace())
          || labels == null
          || !"kubernetes".equals(labels.get(SERVICE_NAME_LABEL))
          || slice.getEndpoints() == null
          || slice.getPorts() == null) {
        continue;
      }
      for (Endpoint e : slice.getEndpoints()) {
        for (String address : e.getAddresses() == null ? List.<String>of() : e.getAddresses()) {
          IPAddress ip = new IPAddressString(address).getAddress();
          if (ip == null) {
            continue;
          }
          for (EndpointPort p : slice.getPorts()) {
            if (p.getPort() != null) {
              found.add(
                  new Destination(
                      new Peer.ExternalPeer(ip.toPrefixBlock(ip.getBitCount()), List.of()),
                      ServiceBackends.protocolOf(p.getProtocol()),
                      p.getPort()));
            }
          }
        }
      }
    }
    if (!found.isEmpty()) {
      return new ApiServerEndpoints(List.copyOf(found), "EndpointSlice default/kubernetes");
    }
    for (IPAddress cidr : options.cidrs()) {
      for (int port : options.ports()) {
        found.add(new Destination(new Peer.ExternalPeer(cidr, List.of()), Protocol.TCP, port));
      }
    }
    return new ApiServerEndpoints(List.copyOf(found), "configured API server addresses");
  }

  boolean known() {
    return !destinations.isEmpty();
  }
}
