package dev.netseg.cli;

import dev.netseg.map.MapInput;
import dev.netseg.segment.Segmentation;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code netseg map}: the segmentation of an application as one self-contained HTML page. */
@Command(
    name = "map",
    mixinStandardHelpOptions = true,
    description = {
      "Draw the segmentation as one self-contained HTML page (no request to any other host when"
          + " opened): workloads grouped by namespace (and segment), and every pair's flows by"
          + " status: required and allowed, allowed but not required, required but blocked,"
          + " refused by a guardrail, observed on the wire (docs/map.md).",
      "The policies judged are --policies (plus those of the manifests they do not replace),"
          + " else the policies generate would write."
    })
public final class MapCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "PATH", description = ManifestInput.PATHS_HELP)
  List<Path> paths;

  @Option(
      names = "--policies",
      paramLabel = "DIR",
      description =
          "The NetworkPolicies to judge (files or a directory); without it, the policies netseg"
              + " generate would write.")
  List<Path> policies;

  @Mixin FlowInputs inputs;

  @Mixin SegmentsInput segments;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE|-",
      defaultValue = "-",
      description = "Where to write the page: a file (written whole or not at all) or - (stdout).")
  String output;

  @Option(
      names = "--data",
      description =
          "Write the map's data as JSON (nodes, edges with every port's status, provenance and"
              + " rule) instead of the page.")
  boolean data;

  @Mixin DefaultNamespace namespace;

  @Mixin GeneratorFlags flags;

  @Mixin ProgressOption progressOption;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try (Progress progress = progressOption.start(err)) {
      ManifestInput input = ManifestInput.of(spec, namespace);
      Segmentation segmentation = segments.segmentation();
      GeneratorRun.Result run =
          GeneratorRun.run(
              input,
              paths,
              inputs.flows,
              inputs.allow,
              flags.options(),
              segmentation,
              err,
              progress);
      List<NetworkPolicy> judged =
          policies == null
              ? JudgedPolicies.combine(run.generation().networkPolicies(), run.manifests())
              : JudgedPolicies.combine(input.load(policies).networkPolicies(), run.manifests());
      progress.stage("drawing the map of " + run.workloads().size() + " workloads");
      MapInput mapInput =
          new MapInput(
              "netseg map: " + GeneratorRun.describe(paths),
              JudgedPolicies.withPolicies(run.manifests(), judged),
              run.generation().flows(),
              run.segments().refused(),
              List.of(),
              segmentation.segments().isEmpty() ? Map.of() : run.segments().assignment().zones());
      write(mapInput, err);
      progress.done();
    }
    return 0;
  }

  private void write(MapInput input, PrintWriter err) {
    MapOutput.write(input, data, output, spec.commandLine().getOut(), err);
  }
}
