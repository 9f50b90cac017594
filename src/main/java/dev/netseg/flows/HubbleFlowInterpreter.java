package dev.netseg.flows;

import dev.netseg.policy.Protocol;
import java.util.List;

/**
 * Decides whether a {@link HubbleFlow} is a connection attempt netseg learns from, and turns it
 * into a {@link FlowRecord}. Shared by the JSON parser and the Relay client, so the rules live
 * once:
 *
 * <ol>
 *   <li>Malformed (rejected): no time, no verdict, a TCP/UDP/SCTP flow without destination port or
 *       with one outside 1-65535, an IP that is not a single address, a side that is no pod and has
 *       no IP.
 *   <li>Not a connection attempt (skipped): not TCP/UDP/SCTP (ICMP, or no L4); a verdict with no
 *       policy decision; a reply ({@code is_reply} true, or a TCP SYN-ACK); a TCP packet with ACK
 *       and no SYN (after the handshake: the connection was counted at its SYN). A TCP packet with
 *       neither flag (a bare RST, or flags not reported) is taken as it comes.
 * </ol>
 *
 * <p>Verdicts: FORWARDED and REDIRECTED (handed to Cilium's L7 proxy, so allowed at L3/L4, the only
 * layer a NetworkPolicy sees) become {@link FlowVerdict#FORWARDED}; DROPPED becomes {@link
 * FlowVerdict#DROPPED} and AUDIT {@link FlowVerdict#AUDIT}, both attempts that are never learned as
 * allowed. ERROR (the datapath failed, no decision), TRACED and TRANSLATED (socket-level events
 * that carry no policy decision; TRANSLATED names the Service address, not the pod a policy sees;
 * the same connection also appears as an L3/L4 flow) and anything unknown are skipped.
 *
 * <p>A side with both namespace and pod name is a pod (its IP kept when valid); any other side
 * ({@code reserved:world}, {@code reserved:host}, ...) is its IP, with the DNS names Hubble gave
 * for it. IPs are written in canonical form. The traffic direction does not matter: source and
 * destination are already the initiator's view, at egress as at ingress (a connection seen at both
 * ends is two records of the same edge).
 *
 * <p>Thread-safe.
 */
public final class HubbleFlowInterpreter {
  private final AddressCache addresses;

  public HubbleFlowInterpreter() {
    this(new AddressCache());
  }

  HubbleFlowInterpreter(AddressCache addresses) {
    this.addresses = addresses;
  }

  /** The address {@code text} is, from the interpreter's cache; null when it is none. */
  AddressCache.Parsed address(String text) {
    return addresses.parse(text);
  }

  public Outcome<FlowRecord> interpret(HubbleFlow flow) {
    if (flow.time() == null) {
      return Outcome.rejected(RejectReason.MISSING_FIELD, "flow.time");
    }
    if (flow.verdict() == null) {
      return Outcome.rejected(RejectReason.MISSING_FIELD, "flow.verdict");
    }
    Protocol protocol = protocol(flow.l4Protocol());
    if (protocol == null) {
      return Outcome.skipped(
          SkipReason.UNSUPPORTED_PROTOCOL,
          flow.l4Protocol() == null ? "no L4 protocol" : flow.l4Protocol());
    }
    Integer port = flow.destinationPort();
    if (port == null) {
      return Outcome.rejected(RejectReason.MISSING_FIELD, portPath(protocol));
    }
    if (port < 1 || port > 65535) {
      return Outcome.rejected(RejectReason.PORT_OUT_OF_RANGE, portPath(protocol) + ": " + port);
    }
    FlowEndpoint source;
    FlowEndpoint destination;
    try {
      source = endpoint(flow.source(), flow.sourceIp(), flow.sourceNames(), "source");
      destination =
          endpoint(
              flow.destination(), flow.destinationIp(), flow.destinationNames(), "destination");
    } catch (JsonLines.BadInput e) {
      return Outcome.rejected(e.reason, e.getMessage());
    }
    FlowVerdict verdict = verdict(flow.verdict());
    if (verdict == null) {
      return Outcome.skipped(SkipReason.NO_POLICY_VERDICT, flow.verdict());
    }
    if (Boolean.TRUE.equals(flow.isReply())) {
      return Outcome.skipped(SkipReason.REPLY, "is_reply");
    }
    if (protocol == Protocol.TCP && flow.tcpAck()) {
      return flow.tcpSyn()
          ? Outcome.skipped(SkipReason.REPLY, "SYN-ACK")
          : Outcome.skipped(SkipReason.NOT_CONNECTION_START, "ACK without SYN");
    }
    return Outcome.accepted(
        new FlowRecord(flow.time(), source, destination, protocol, port, verdict));
  }

  /** The FlowVerdict for a Hubble verdict name, or null when it carries no policy decision. */
  static FlowVerdict verdict(String name) {
    switch (name) {
      case "FORWARDED":
      case "REDIRECTED":
        return FlowVerdict.FORWARDED;
      case "DROPPED":
        return FlowVerdict.DROPPED;
      case "AUDIT":
        return FlowVerdict.AUDIT;
      default:
        return null; // ERROR, TRACED, TRANSLATED, VERDICT_UNKNOWN, anything newer
    }
  }

  private static String portPath(Protocol protocol) {
    return "flow.l4." + protocol + ".destination_port";
  }

  private static Protocol protocol(String l4) {
    if (l4 == null) {
      return null;
    }
    switch (l4) {
      case "TCP":
        return Protocol.TCP;
      case "UDP":
        return Protocol.UDP;
      case "SCTP":
        return Protocol.SCTP;
      default:
        return null;
    }
  }

  private FlowEndpoint endpoint(
      HubbleFlow.HubbleEndpoint side, String rawIp, List<String> names, String which) {
    String ip = null;
    if (rawIp != null) {
      AddressCache.Parsed parsed = addresses.parse(rawIp);
      if (parsed == null) {
        throw new JsonLines.BadInput(
            RejectReason.BAD_ADDRESS,
            "flow.IP." + which + ": '" + JsonLines.clip(rawIp) + "' is not an IP address");
      }
      ip = parsed.canonical();
    }
    if (side != null && present(side.namespace()) && present(side.podName())) {
      return FlowEndpoint.pod(
          side.namespace(),
          side.podName(),
          ip,
          PodHints.of(side.workloadName(), side.workloadKind(), side.labels()));
    }
    if (ip == null) {
      throw new JsonLines.BadInput(
          RejectReason.MISSING_FIELD, "flow.IP." + which + " (the " + which + " is not a pod)");
    }
    return FlowEndpoint.address(ip, names == null ? List.of() : names);
  }

  private static boolean present(String s) {
    return s != null && !s.isEmpty();
  }
}
