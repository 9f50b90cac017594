package dev.netseg.cli;

import dev.netseg.flows.EdgeSnapshot;
import dev.netseg.flows.EdgeStore;
import dev.netseg.flows.FlowFormat;
import dev.netseg.flows.FlowLearner;
import dev.netseg.flows.FlowReader;
import dev.netseg.flows.FlowResolver;
import dev.netseg.flows.IngestCounter;
import dev.netseg.flows.IngestStats;
import dev.netseg.flows.ObservedFlows;
import dev.netseg.flows.PodIpHistory;
import dev.netseg.model.RequiredFlow;
import dev.netseg.workload.PodNames;
import dev.netseg.workload.Workload;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a flows file (Hubble JSON lines or netseg's generic JSON lines, detected) into required
 * flows for the manifests' workloads. Bad lines are counted and summarized on stderr, never fatal.
 */
final class FlowsInput {
  private FlowsInput() {}

  record Result(List<RequiredFlow> flows, EdgeSnapshot edges, IngestStats stats) {}

  static Result read(Path file, List<Workload> workloads, PrintWriter err) {
    if (!Files.isRegularFile(file)) {
      throw new UserError(file + ": no such file");
    }
    PodNames names = new PodNames(workloads);
    FlowResolver resolver =
        new FlowResolver(
            new PodIpHistory(),
            key -> names.workloadOf(key.namespace(), key.name()),
            ns -> true,
            () -> 0L); // the workloads are read once: the model never changes during the read
    EdgeStore store = new EdgeStore();
    IngestCounter counter =
        new IngestCounter(
            (reason, detail, example) ->
                err.println(
                    "warning: %s: %s (%s), e.g. %s"
                        .formatted(file, reason.description(), detail, example)));
    try {
      new FlowReader()
          .read(file, FlowFormat.AUTO, new FlowLearner(resolver, store, counter), counter);
    } catch (IOException e) {
      throw new UserError(file + ": cannot read: " + e.getMessage(), e);
    }
    EdgeSnapshot snapshot = store.snapshot();
    return new Result(
        ObservedFlows.required(snapshot, file.getFileName().toString()),
        snapshot,
        counter.snapshot());
  }
}
