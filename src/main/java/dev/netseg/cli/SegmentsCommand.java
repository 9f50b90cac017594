package dev.netseg.cli;

import dev.netseg.segment.SegmentMatrix;
import dev.netseg.segment.SegmentedResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code netseg segments}: each workload's zone and the zone-to-zone matrix of required flows. */
@Command(
    name = "segments",
    mixinStandardHelpOptions = true,
    description = {
      "Print each workload's segment and, for every pair of segments with required flows, how"
          + " many an allow rule covers, a deny rule forbids, no rule covers, and how many are"
          + " refused (docs/segments.md)."
    })
public final class SegmentsCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "PATH", description = ManifestInput.PATHS_HELP)
  List<Path> paths;

  @Mixin FlowInputs inputs;

  @Mixin SegmentsInput segments;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      description = "Output format: text, json or yaml (default: ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Mixin DefaultNamespace namespace;

  @Mixin GeneratorFlags flags;

  @Mixin ProgressOption progressOption;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SegmentedResult r;
    try (Progress progress = progressOption.start(err)) {
      r =
          GeneratorRun.run(
                  ManifestInput.of(spec, namespace),
                  paths,
                  inputs.flows,
                  inputs.allow,
                  flags.options(),
                  segments.segmentation(),
                  err,
                  progress)
              .segments();
      progress.done();
    }
    List<SegmentMatrix.Cell> matrix =
        SegmentMatrix.of(r.assignment().segmentation(), r.evaluation().decisions());
    if (output == OutputFormat.TEXT) {
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"WORKLOAD", "SEGMENT"});
      r.assignment().zones().forEach((ref, zone) -> rows.add(new String[] {ref.toString(), zone}));
      table(out, rows);
      out.println();
      rows.clear();
      rows.add(new String[] {"FROM", "TO", "FLOWS", "ALLOWED", "DENIED", "NOT COVERED", "REFUSED"});
      for (SegmentMatrix.Cell c : matrix) {
        rows.add(
            new String[] {
              c.from(),
              c.to(),
              String.valueOf(c.flows()),
              String.valueOf(c.allowed()),
              String.valueOf(c.denied()),
              String.valueOf(c.notCovered()),
              String.valueOf(c.refused())
            });
      }
      table(out, rows);
      out.printf(
          "%nmode %s: ALLOWED/DENIED by an allow/deny rule; NOT COVERED by no rule (refused in"
              + " intent mode when it crosses segments)%n",
          r.assignment().segmentation().mode());
    } else {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("mode", r.assignment().segmentation().mode().text());
      doc.put(
          "workloads",
          r.assignment().zones().entrySet().stream()
              .map(e -> Map.of("workload", e.getKey().toString(), "segment", e.getValue()))
              .toList());
      doc.put("matrix", matrix);
      doc.put("refused", RefusedFlows.document(r.refused()));
      MachineOutput.print(out, output, doc);
    }
    out.flush();
    return 0;
  }

  private static void table(PrintWriter out, List<String[]> rows) {
    int[] width = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(
            i == row.length - 1 ? row[i] : String.format("%-" + (width[i] + 2) + "s", row[i]));
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
