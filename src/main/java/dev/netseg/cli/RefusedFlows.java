package dev.netseg.cli;

import dev.netseg.segment.FlowDecision;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How generate and verify print flows the segmentation refuses. */
final class RefusedFlows {
  private RefusedFlows() {}

  static void print(PrintWriter w, List<FlowDecision> refused) {
    for (FlowDecision d : refused) {
      w.printf("REFUSED %s (%s -> %s)%n", d.flow(), d.from(), d.to());
      d.flow().provenance().forEach(p -> w.println("    because " + p));
      w.println("    " + d.reason());
    }
  }

  static List<Map<String, Object>> document(List<FlowDecision> refused) {
    return refused.stream()
        .map(
            d -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("source", d.flow().source().toString());
              m.put("destination", d.flow().destination().toString());
              m.put("protocol", d.flow().protocol().name());
              m.put("port", d.flow().port());
              m.put("sourceSegment", d.from());
              m.put("destinationSegment", d.to());
              m.put("provenance", d.flow().provenance().stream().map(Object::toString).toList());
              m.put("reason", d.reason());
              d.rule().ifPresent(r -> m.put("rule", r.describe()));
              return m;
            })
        .toList();
  }
}
