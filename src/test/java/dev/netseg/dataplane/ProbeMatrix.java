package dev.netseg.dataplane;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * What the packets said for a set of probes, all run at once (each source's agent opens its probes
 * in parallel), and how that compares with what was expected.
 */
final class ProbeMatrix {
  /** Long enough for a loaded machine; a REJECT or an answer takes well under a millisecond. */
  static final int PROBE_TIMEOUT_MILLIS = 3_000;

  private final Map<Probe, Verdict> verdicts;
  private final Map<Probe, String> details;

  private ProbeMatrix(Map<Probe, Verdict> verdicts, Map<Probe, String> details) {
    this.verdicts = verdicts;
    this.details = details;
  }

  /** Runs every probe and waits for every answer. */
  static ProbeMatrix measure(List<Probe> probes) {
    Map<Probe, CompletableFuture<String>> answers = new LinkedHashMap<>();
    for (Probe p : probes) {
      String command =
          "probe "
              + p.port().protocol().name().toLowerCase(java.util.Locale.ROOT)
              + " "
              + p.to().ip()
              + " "
              + p.port().port()
              + " "
              + PROBE_TIMEOUT_MILLIS;
      answers.put(p, p.from().agent().send(command));
    }
    Map<Probe, Verdict> verdicts = new LinkedHashMap<>();
    Map<Probe, String> details = new LinkedHashMap<>();
    answers.forEach(
        (p, answer) -> {
          String text = p.from().agent().await(answer, "probe " + p);
          verdicts.put(p, Verdict.parse(text));
          if (Verdict.parse(text) == Verdict.ERROR) {
            details.put(p, text);
          }
        });
    return new ProbeMatrix(verdicts, details);
  }

  List<Probe> probes() {
    return List.copyOf(verdicts.keySet());
  }

  Verdict verdict(Probe p) {
    Verdict v = verdicts.get(p);
    if (v == null) {
      throw new IllegalArgumentException("not probed: " + p);
    }
    return v;
  }

  /** How many probes saw {@code verdict}. */
  long count(Verdict verdict) {
    return verdicts.values().stream().filter(v -> v == verdict).count();
  }

  /** Every probe whose answer is not what {@code expected} predicts, in probe order. */
  List<Disagreement> disagreements(Expectation expected) {
    List<Disagreement> out = new ArrayList<>();
    verdicts.forEach(
        (p, v) -> {
          Possible e = expected.of(p);
          if (!e.admits(v)) {
            out.add(new Disagreement(p, e, v, details.getOrDefault(p, "")));
          }
        });
    return out;
  }

  /** Whether every probe answered as {@code expected} predicts. */
  boolean agrees(Expectation expected) {
    return disagreements(expected).isEmpty();
  }

  /**
   * One truth table per protocol and port, as the upstream e2e suite prints them: rows are sources,
   * columns destinations, {@code .} connected, {@code X} refused, {@code T} timed out, {@code E}
   * error; a {@code *} marks an answer that {@code expected} did not predict. Then the
   * disagreements, one a line.
   */
  String render(Expectation expected) {
    StringBuilder sb = new StringBuilder();
    Set<PortKey> ports = new TreeSet<>();
    Set<Peer> sources = new LinkedHashSet<>();
    Set<Peer> destinations = new LinkedHashSet<>();
    for (Probe p : verdicts.keySet()) {
      ports.add(p.port());
      sources.add(p.from());
      destinations.add(p.to());
    }
    int width = 2 + destinations.stream().mapToInt(d -> d.name().length()).max().orElse(1);
    width = Math.max(width, 2 + sources.stream().mapToInt(s -> s.name().length()).max().orElse(1));
    String cell = "%-" + width + "s";
    for (PortKey port : ports) {
      sb.append(port).append('\n').append(String.format(cell, "-"));
      destinations.forEach(d -> sb.append(String.format(cell, d.name())));
      for (Peer s : sources) {
        sb.append('\n').append(String.format(cell, s.name()));
        for (Peer d : destinations) {
          Probe p = new Probe(s, d, port);
          Verdict v = verdicts.get(p);
          String mark = v == null ? "" : v.mark() + (expected.of(p).admits(v) ? "" : "*");
          sb.append(String.format(cell, mark));
        }
      }
      sb.append("\n\n");
    }
    List<Disagreement> wrong = disagreements(expected);
    sb.append(wrong.size()).append(" of ").append(verdicts.size()).append(" probes disagree");
    wrong.forEach(d -> sb.append('\n').append(d));
    return sb.toString();
  }

  /** A probe whose answer is not the expected one. */
  record Disagreement(Probe probe, Possible expected, Verdict observed, String detail) {
    @Override
    public String toString() {
      return probe
          + ": expected "
          + expected.name().toLowerCase(java.util.Locale.ROOT)
          + ", packets "
          + observed.name().toLowerCase(java.util.Locale.ROOT)
          + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
  }
}
