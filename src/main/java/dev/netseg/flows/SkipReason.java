package dev.netseg.flows;

/** Well-formed input that is deliberately not taken as a connection attempt. */
public enum SkipReason implements FlowReason {
  /** {@code is_reply: true} or a TCP SYN-ACK: the answering side of a connection. */
  REPLY("reply of a connection"),
  /** TCP ACK without SYN: a packet after the handshake, already counted at its SYN. */
  NOT_CONNECTION_START("TCP packet after the handshake (ACK without SYN)"),
  /** ICMP, or no L4 at all: NetworkPolicy ports name only TCP, UDP and SCTP. */
  UNSUPPORTED_PROTOCOL("not TCP, UDP or SCTP"),
  /** ERROR, TRACED, TRANSLATED or an unknown verdict: no policy decision in it. */
  NO_POLICY_VERDICT("verdict that carries no policy decision"),
  /** A Hubble event line that is not a flow ({@code node_status}, {@code lost_events}). */
  NOT_A_FLOW("event that is not a flow");

  private final String description;

  SkipReason(String description) {
    this.description = description;
  }

  @Override
  public String description() {
    return description;
  }
}
