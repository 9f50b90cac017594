package dev.netseg.flows;

import java.time.Instant;
import java.util.List;

/**
 * The fields of a Hubble {@code Flow} that netseg reads, whether it came from {@code hubble observe
 * -o json} or from the Relay's gRPC stream. Both parsers fill this record and one interpreter turns
 * it into a {@link FlowRecord}, so the rules (initiating side only, drops reported not learned)
 * live in one place. Absent fields are null (or empty lists).
 *
 * @param l4Protocol "TCP", "UDP", "SCTP", "ICMPv4", "ICMPv6" or null
 * @param tcpSyn TCP flag SYN (false when absent)
 * @param tcpAck TCP flag ACK (false when absent)
 * @param isReply {@code flow.is_reply}; null when the collector did not say
 * @param verdict {@code flow.verdict} name (FORWARDED, DROPPED, AUDIT, ...)
 * @param trafficDirection INGRESS, EGRESS or null
 */
public record HubbleFlow(
    Instant time,
    String verdict,
    String sourceIp,
    String destinationIp,
    HubbleEndpoint source,
    HubbleEndpoint destination,
    String l4Protocol,
    Integer sourcePort,
    Integer destinationPort,
    boolean tcpSyn,
    boolean tcpAck,
    Boolean isReply,
    String trafficDirection,
    List<String> sourceNames,
    List<String> destinationNames,
    String nodeName) {

  /** {@code flow.source} / {@code flow.destination}. */
  public record HubbleEndpoint(
      String namespace,
      String podName,
      List<String> labels,
      Long identity,
      String workloadName,
      String workloadKind) {}
}
