package dev.netseg.cli;

import dev.netseg.flows.EdgeSnapshot;
import dev.netseg.flows.LearnedEdge;
import dev.netseg.infer.FlowInference;
import dev.netseg.model.Provenance;
import dev.netseg.model.RequiredFlow;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How generate prints the connections a flows file shows as dropped by a policy or audited (a
 * policy in audit mode would drop them): reported, never learned. Each says whether other evidence
 * requires it (then the generated policies allow it) or not (the rule that would allow it is left
 * out).
 */
final class AttemptedFlows {
  private AttemptedFlows() {}

  /** One dropped or audited connection and the evidence that requires it anyway, if any. */
  record Attempt(String verdict, LearnedEdge edge, Optional<RequiredFlow> required) {
    String requiredBy() {
      return required
          .map(
              f ->
                  f.provenance().stream()
                      .map(Provenance::source)
                      .distinct()
                      .map(FlowInference::label)
                      .collect(Collectors.joining(", ")))
          .orElse("");
    }
  }

  static List<Attempt> of(EdgeSnapshot edges, List<RequiredFlow> required) {
    Map<String, RequiredFlow> byKey = new HashMap<>();
    required.forEach(f -> byKey.put(key(f.source(), f.destination(), f.protocol(), f.port()), f));
    List<Attempt> out = new ArrayList<>();
    for (LearnedEdge e : edges.dropped()) {
      out.add(new Attempt("DROPPED", e, find(byKey, e)));
    }
    for (LearnedEdge e : edges.audited()) {
      out.add(new Attempt("AUDIT", e, find(byKey, e)));
    }
    return out;
  }

  static void print(PrintWriter w, List<Attempt> attempts) {
    if (attempts.isEmpty()) {
      return;
    }
    long records = attempts.stream().mapToLong(a -> a.edge().count()).sum();
    w.printf(
        "dropped or audited: %d connections, %d records (reported, never learned)%n",
        attempts.size(), records);
    for (Attempt a : attempts) {
      LearnedEdge e = a.edge();
      w.printf(
          "  %s %s -> %s %s/%d, seen %d %s %s .. %s: %s%n",
          a.verdict(),
          e.source(),
          e.destination(),
          e.protocol(),
          e.port(),
          e.count(),
          e.count() == 1 ? "time" : "times",
          e.firstSeen(),
          e.lastSeen(),
          a.required().isPresent()
              ? "also required (" + a.requiredBy() + "): the policies allow it"
              : "left out of the policies");
    }
  }

  static List<Map<String, Object>> document(List<Attempt> attempts) {
    return attempts.stream()
        .map(
            a -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("verdict", a.verdict());
              m.put("source", a.edge().source().toString());
              m.put("destination", a.edge().destination().toString());
              m.put("protocol", a.edge().protocol().name());
              m.put("port", a.edge().port());
              m.put("count", a.edge().count());
              m.put("firstSeen", a.edge().firstSeen().toString());
              m.put("lastSeen", a.edge().lastSeen().toString());
              m.put("allowedByPolicies", a.required().isPresent());
              a.required()
                  .ifPresent(
                      f ->
                          m.put(
                              "requiredBy",
                              f.provenance().stream().map(Object::toString).toList()));
              return m;
            })
        .toList();
  }

  private static Optional<RequiredFlow> find(Map<String, RequiredFlow> byKey, LearnedEdge e) {
    return Optional.ofNullable(byKey.get(key(e.source(), e.destination(), e.protocol(), e.port())));
  }

  private static String key(Object source, Object destination, Object protocol, int port) {
    return source + "|" + destination + "|" + protocol + "|" + port;
  }
}
