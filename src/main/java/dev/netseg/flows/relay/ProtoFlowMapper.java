package dev.netseg.flows.relay;

import com.google.protobuf.ProtocolMessageEnum;
import com.google.protobuf.Timestamp;
import dev.netseg.flows.HubbleFlow;
import dev.netseg.flows.HubbleFlow.HubbleEndpoint;
import dev.netseg.flows.relay.proto.Endpoint;
import dev.netseg.flows.relay.proto.Flow;
import dev.netseg.flows.relay.proto.GetFlowsResponse;
import dev.netseg.flows.relay.proto.Layer4;
import dev.netseg.flows.relay.proto.TrafficDirection;
import dev.netseg.flows.relay.proto.Verdict;
import dev.netseg.flows.relay.proto.Workload;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;

/**
 * Turns a Relay {@code Flow} into the {@link HubbleFlow} view that the Hubble JSON parser also
 * produces, so one interpreter serves both sources.
 *
 * <p>proto3 cannot tell a default value from an absent one, and {@code hubble observe -o json}
 * (protojson) leaves default values out. So a default here (empty string, zero port or identity,
 * enum value 0) maps to null, exactly what the JSON parser sees for the same flow. {@code is_reply}
 * is a {@code BoolValue} precisely so that its absence survives: unset maps to null. An enum number
 * this schema does not know maps to its decimal string, as protojson would print it.
 */
public final class ProtoFlowMapper {

  /** Maps the flow of a response; the response's node name and time fill in for the flow's. */
  public HubbleFlow map(GetFlowsResponse response) {
    if (!response.hasFlow()) {
      throw new IllegalArgumentException(
          "GetFlowsResponse carries no flow: " + response.getResponseTypesCase());
    }
    Flow flow = response.getFlow();
    Instant time = flow.hasTime() ? instant(flow.getTime()) : null;
    if (time == null && response.hasTime()) {
      time = instant(response.getTime());
    }
    return map(flow, time, response.getNodeName());
  }

  /**
   * Maps one flow.
   *
   * @param responseNodeName the enclosing response's {@code node_name}, used when the flow has none
   */
  public HubbleFlow map(Flow flow, String responseNodeName) {
    return map(flow, flow.hasTime() ? instant(flow.getTime()) : null, responseNodeName);
  }

  private static HubbleFlow map(Flow flow, Instant time, String responseNodeName) {
    Layer4 l4 = flow.getL4();
    String protocol = null;
    Integer sourcePort = null;
    Integer destinationPort = null;
    boolean syn = false;
    boolean ack = false;
    switch (l4.getProtocolCase()) {
      case TCP -> {
        protocol = "TCP";
        sourcePort = port(l4.getTCP().getSourcePort());
        destinationPort = port(l4.getTCP().getDestinationPort());
        syn = l4.getTCP().getFlags().getSYN();
        ack = l4.getTCP().getFlags().getACK();
      }
      case UDP -> {
        protocol = "UDP";
        sourcePort = port(l4.getUDP().getSourcePort());
        destinationPort = port(l4.getUDP().getDestinationPort());
      }
      case SCTP -> {
        protocol = "SCTP";
        sourcePort = port(l4.getSCTP().getSourcePort());
        destinationPort = port(l4.getSCTP().getDestinationPort());
      }
      case ICMPV4 -> protocol = "ICMPv4";
      case ICMPV6 -> protocol = "ICMPv6";
      case PROTOCOL_NOT_SET -> {}
    }
    String nodeName = blankToNull(flow.getNodeName());
    if (nodeName == null) {
      nodeName = blankToNull(responseNodeName);
    }
    return new HubbleFlow(
        time,
        verdict(flow),
        blankToNull(flow.getIP().getSource()),
        blankToNull(flow.getIP().getDestination()),
        flow.hasSource() ? endpoint(flow.getSource()) : null,
        flow.hasDestination() ? endpoint(flow.getDestination()) : null,
        protocol,
        sourcePort,
        destinationPort,
        syn,
        ack,
        flow.hasIsReply() ? flow.getIsReply().getValue() : null,
        direction(flow),
        List.copyOf(flow.getSourceNamesList()),
        List.copyOf(flow.getDestinationNamesList()),
        nodeName);
  }

  /**
   * A protobuf timestamp as an instant; null when it lies outside what {@link Instant} can hold,
   * which only a corrupt message can send.
   */
  static Instant instant(Timestamp timestamp) {
    try {
      return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    } catch (DateTimeException | ArithmeticException e) {
      return null;
    }
  }

  private static String verdict(Flow flow) {
    return flow.getVerdict() == Verdict.VERDICT_UNKNOWN
        ? null
        : enumName(flow.getVerdict(), flow.getVerdictValue());
  }

  private static String direction(Flow flow) {
    return flow.getTrafficDirection() == TrafficDirection.TRAFFIC_DIRECTION_UNKNOWN
        ? null
        : enumName(flow.getTrafficDirection(), flow.getTrafficDirectionValue());
  }

  private static <E extends Enum<E> & ProtocolMessageEnum> String enumName(E value, int number) {
    return value.name().equals("UNRECOGNIZED") ? Integer.toString(number) : value.name();
  }

  private static HubbleEndpoint endpoint(Endpoint endpoint) {
    Workload workload = endpoint.getWorkloadsCount() == 0 ? null : endpoint.getWorkloads(0);
    long identity = Integer.toUnsignedLong(endpoint.getIdentity());
    return new HubbleEndpoint(
        blankToNull(endpoint.getNamespace()),
        blankToNull(endpoint.getPodName()),
        List.copyOf(endpoint.getLabelsList()),
        identity == 0 ? null : identity,
        workload == null ? null : blankToNull(workload.getName()),
        workload == null ? null : blankToNull(workload.getKind()));
  }

  /** uint32 on the wire; out-of-range values stay visible (as negative or above 65535). */
  private static Integer port(int wire) {
    return wire == 0 ? null : wire;
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
