package dev.netseg.flows.relay;

import com.google.protobuf.Timestamp;
import dev.netseg.flows.relay.proto.Endpoint;
import dev.netseg.flows.relay.proto.Flow;
import dev.netseg.flows.relay.proto.GetFlowsResponse;
import dev.netseg.flows.relay.proto.IP;
import dev.netseg.flows.relay.proto.Layer4;
import dev.netseg.flows.relay.proto.TCP;
import dev.netseg.flows.relay.proto.TCPFlags;
import dev.netseg.flows.relay.proto.TrafficDirection;
import dev.netseg.flows.relay.proto.Verdict;
import java.time.Instant;

/** Builds Relay responses for tests: a TCP SYN from a named pod in {@code shop} to {@code db}. */
final class TestFlows {
  static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

  private TestFlows() {}

  static Instant at(int second) {
    return T0.plusSeconds(second);
  }

  static Timestamp ts(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }

  /** A flow at {@code time} whose source pod is {@code pod}; {@code uuid} may be empty. */
  static GetFlowsResponse flow(Instant time, String pod, String uuid) {
    Flow flow =
        Flow.newBuilder()
            .setTime(ts(time))
            .setUuid(uuid)
            .setVerdict(Verdict.FORWARDED)
            .setIP(IP.newBuilder().setSource("10.0.0.1").setDestination("10.0.0.2"))
            .setL4(
                Layer4.newBuilder()
                    .setTCP(
                        TCP.newBuilder()
                            .setSourcePort(40000)
                            .setDestinationPort(5432)
                            .setFlags(TCPFlags.newBuilder().setSYN(true))))
            .setSource(Endpoint.newBuilder().setNamespace("shop").setPodName(pod))
            .setDestination(Endpoint.newBuilder().setNamespace("db").setPodName("postgres-0"))
            .setTrafficDirection(TrafficDirection.EGRESS)
            .build();
    return GetFlowsResponse.newBuilder()
        .setFlow(flow)
        .setNodeName("node-a")
        .setTime(ts(time))
        .build();
  }
}
