package dev.netseg.synth;

import dev.netseg.model.Provenance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The {@code netseg.dev/justification} annotation: for each rule, which flows justified it and the
 * evidence, one line per port and piece of evidence, so that a reviewer reading {@code kubectl get
 * -o yaml} sees why each opening exists. Bounded: at most {@value #PER_PORT} pieces of evidence per
 * port.
 */
final class Justification {
  static final int PER_PORT = 3;

  /** As {@link Provenance#toString()} writes the source. */
  private static final String[] LABELS =
      Arrays.stream(Provenance.Source.values())
          .map(v -> v.name().toLowerCase(Locale.ROOT))
          .toArray(String[]::new);

  private final StringBuilder text = new StringBuilder(512);

  /**
   * @param ports the rule's ports, ascending
   * @param evidence for each port, its evidence
   */
  void rule(
      String direction,
      int index,
      String peer,
      List<PortKey> ports,
      List<List<Provenance>> evidence) {
    text.append(direction)
        .append('[')
        .append(index)
        .append(direction.equals("ingress") ? "] from " : "] to ")
        .append(peer)
        .append(":\n");
    if (ports.size() == 1) {
      lines(new StringBuilder().append(ports.get(0)), evidence.get(0));
      return;
    }
    // Ports with the same evidence (UDP and TCP 53 of DNS, a Service's ports) share one line.
    List<List<Provenance>> groups = new ArrayList<>(ports.size());
    List<StringBuilder> labels = new ArrayList<>(ports.size());
    for (int p = 0; p < ports.size(); p++) {
      PortKey port = ports.get(p);
      List<Provenance> why = evidence.get(p);
      int g = groups.indexOf(why);
      if (g < 0) {
        groups.add(why);
        labels.add(new StringBuilder().append(port.protocol()).append(' ').append(port.port()));
      } else {
        labels.get(g).append(", ").append(port.protocol()).append(' ').append(port.port());
      }
    }
    for (int g = 0; g < groups.size(); g++) {
      lines(labels.get(g), groups.get(g));
    }
  }

  private void lines(CharSequence ports, List<Provenance> why) {
    int shown = Math.min(PER_PORT, why.size());
    for (int i = 0; i < shown; i++) {
      Provenance p = why.get(i);
      text.append("  ")
          .append(ports)
          .append(": ")
          .append(LABELS[p.source().ordinal()])
          .append(": ")
          .append(p.evidence())
          .append('\n');
    }
    if (why.size() > shown) {
      text.append("  ").append(ports).append(": (+").append(why.size() - shown).append(" more)\n");
    }
  }

  void line(String line) {
    text.append(line).append('\n');
  }

  /** The text without its final newline (YAML renders it as a {@code |-} block). */
  String text() {
    return text.length() == 0 ? "" : text.substring(0, text.length() - 1);
  }
}
