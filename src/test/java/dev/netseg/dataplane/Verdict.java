package dev.netseg.dataplane;

/** What one probe saw. Only {@link #CONNECTED} and {@link #REFUSED} are expected answers. */
enum Verdict {
  /** TCP: the handshake completed. UDP: the datagram came back from the echo server. */
  CONNECTED("."),
  /** ECONNREFUSED or ICMP port unreachable: a REJECT rule (or a port nobody serves). */
  REFUSED("X"),
  /** No answer before the probe's deadline: no rule here should drop silently. */
  TIMEOUT("T"),
  /** The agent could not probe (see its message). */
  ERROR("E");

  private final String mark;

  Verdict(String mark) {
    this.mark = mark;
  }

  /** The mark in a truth table, as the upstream e2e suite prints it ({@code .} and {@code X}). */
  String mark() {
    return mark;
  }

  static Verdict parse(String answer) {
    return switch (answer.split(" ")[0]) {
      case "connected" -> CONNECTED;
      case "refused" -> REFUSED;
      case "timeout" -> TIMEOUT;
      default -> ERROR;
    };
  }
}
