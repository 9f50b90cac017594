package dev.netseg.flows.relay;

import com.google.protobuf.Timestamp;
import dev.netseg.flows.relay.proto.FlowFilter;
import dev.netseg.flows.relay.proto.GetFlowsRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Builds the {@code GetFlows} requests of a source: follow mode, restricted to its namespaces. */
final class GetFlowsRequests {
  private final List<FlowFilter> whitelist;

  GetFlowsRequests(List<String> namespaces) {
    List<String> prefixes = namespaces.stream().map(ns -> ns + "/").toList();
    // Whitelist filters are alternatives and values within a field are alternatives too, so
    // these two filters select every flow with a pod of a scope namespace on either side.
    // "<ns>/" is Hubble's pod-name-prefix syntax for "any pod in <ns>".
    this.whitelist =
        List.of(
            FlowFilter.newBuilder().addAllSourcePod(prefixes).build(),
            FlowFilter.newBuilder().addAllDestinationPod(prefixes).build());
  }

  /**
   * A follow-mode request. Without {@code since} Relay streams only new flows (it starts at the end
   * of its buffers when follow is set and neither number nor since is).
   */
  GetFlowsRequest request(Optional<Instant> since) {
    GetFlowsRequest.Builder builder =
        GetFlowsRequest.newBuilder().setFollow(true).addAllWhitelist(whitelist);
    since.ifPresent(t -> builder.setSince(timestamp(t)));
    return builder.build();
  }

  static Timestamp timestamp(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }
}
