package dev.netseg.synth;

import dev.netseg.model.Peer;
import dev.netseg.model.Provenance;
import java.util.List;
import java.util.Map;

/**
 * The {@code netseg.dev/justification} annotation: for each rule, which flows justified it and the
 * evidence, one line per port and piece of evidence, so that a reviewer reading {@code kubectl get
 * -o yaml} sees why each opening exists. Bounded: at most {@value #PER_PORT} pieces of evidence per
 * port.
 */
final class Justification {
  static final int PER_PORT = 3;

  private final StringBuilder text = new StringBuilder();

  void rule(String direction, int index, Peer peer, Map<PortKey, List<Provenance>> ports) {
    text.append(direction)
        .append('[')
        .append(index)
        .append("] ")
        .append(direction.equals("ingress") ? "from " : "to ")
        .append(peer)
        .append(":\n");
    ports.forEach(
        (port, why) -> {
          int shown = Math.min(PER_PORT, why.size());
          for (int i = 0; i < shown; i++) {
            text.append("  ").append(port).append(' ').append(why.get(i)).append('\n');
          }
          if (why.size() > shown) {
            text.append("  ")
                .append(port)
                .append(" (+")
                .append(why.size() - shown)
                .append(" more)\n");
          }
        });
  }

  void line(String line) {
    text.append(line).append('\n');
  }

  /** The text without its final newline (YAML renders it as a {@code |-} block). */
  String text() {
    return text.length() == 0 ? "" : text.substring(0, text.length() - 1);
  }
}
