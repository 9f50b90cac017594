package dev.netseg.cli;

import dev.netseg.flows.EdgeSnapshot;
import dev.netseg.flows.EdgeStore;
import dev.netseg.flows.FlowFormat;
import dev.netseg.flows.FlowLearner;
import dev.netseg.flows.FlowReader;
import dev.netseg.flows.FlowReason;
import dev.netseg.flows.FlowResolver;
import dev.netseg.flows.IngestCounter;
import dev.netseg.flows.IngestStats;
import dev.netseg.flows.ObservedFlows;
import dev.netseg.flows.PodIpHistory;
import dev.netseg.flows.ReasonCount;
import dev.netseg.model.RequiredFlow;
import dev.netseg.workload.Workload;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Reads a flows file (Hubble JSON lines or netseg's generic JSON lines, detected) into required
 * flows for the manifests' workloads. Lines that cannot be used are counted; rejected and
 * unresolved ones are summarized on stderr, one line per reason with its count and an example line;
 * replies, ACKs and other lines that are not connection attempts are only counted. A file from
 * which no record could be used is an error.
 */
final class FlowsInput {
  private FlowsInput() {}

  record Result(List<RequiredFlow> flows, EdgeSnapshot edges, IngestStats stats) {}

  static Result read(Path file, List<Workload> workloads, PrintWriter err) {
    if (!Files.isRegularFile(file)) {
      throw new UserError(file + ": no such file");
    }
    FlowResolver resolver =
        FlowResolver.withHints(
            new PodIpHistory(),
            new ManifestPodWorkloads(workloads),
            ns -> true,
            () -> 0L); // the workloads are read once; a pod's answer is kept for its later lines
    EdgeStore store = new EdgeStore();
    IngestCounter counter = new IngestCounter();
    try {
      new FlowReader()
          .read(file, FlowFormat.AUTO, new FlowLearner(resolver, store, counter), counter);
    } catch (IOException e) {
      throw new UserError(file + ": cannot read: " + e.getMessage(), e);
    }
    EdgeSnapshot snapshot = store.snapshot();
    IngestStats stats = counter.snapshot();
    if (snapshot.size() == 0) {
      throw new UserError(file + ": no flow record could be used" + firstReasons(stats));
    }
    problems(stats.rejected(), "lines rejected")
        .forEach(p -> err.println("warning: " + file + ": " + p));
    problems(stats.unresolved(), "records unresolved")
        .forEach(p -> err.println("warning: " + file + ": " + p));
    err.flush();
    return new Result(
        ObservedFlows.required(snapshot, file.getFileName().toString()), snapshot, stats);
  }

  /**
   * {@code 3 lines rejected: not valid JSON (BAD_JSON): ..., e.g. line: ...}, most frequent first.
   */
  private static List<String> problems(Map<? extends FlowReason, ReasonCount> counts, String what) {
    List<String> out = new ArrayList<>();
    counts.entrySet().stream()
        .sorted(
            Comparator.comparing(
                    (Map.Entry<? extends FlowReason, ReasonCount> e) -> -e.getValue().count())
                .thenComparing(e -> e.getKey().name()))
        .forEach(
            e ->
                out.add(
                    e.getValue().count()
                        + " "
                        + what
                        + ": "
                        + e.getKey().description()
                        + " ("
                        + e.getKey().name()
                        + "): "
                        + e.getValue().firstDetail()
                        + "; e.g. "
                        + e.getValue().firstExample()));
    return out;
  }

  /** Why nothing could be used: the counts, and the first reasons with their details. */
  private static String firstReasons(IngestStats stats) {
    long lines = stats.total() - stats.blankLines();
    if (lines == 0) {
      return ": it holds no flow records";
    }
    List<String> reasons = new ArrayList<>();
    reasons.addAll(problems(stats.rejected(), "rejected"));
    reasons.addAll(problems(stats.unresolved(), "unresolved"));
    reasons.addAll(problems(stats.skipped(), "skipped"));
    return " ("
        + lines
        + (lines == 1 ? " line" : " lines")
        + ": "
        + String.join("; ", reasons.subList(0, Math.min(3, reasons.size())))
        + (reasons.size() > 3 ? "; ..." : "")
        + ")";
  }
}
