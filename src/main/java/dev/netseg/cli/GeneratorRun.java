package dev.netseg.cli;

import dev.netseg.infer.AllowFile;
import dev.netseg.infer.AllowRule;
import dev.netseg.infer.DeclarationException;
import dev.netseg.infer.InferenceInput;
import dev.netseg.manifest.Manifests;
import dev.netseg.model.RequiredFlow;
import dev.netseg.segment.Segmentation;
import dev.netseg.segment.SegmentedGenerator;
import dev.netseg.segment.SegmentedResult;
import dev.netseg.synth.GenerationResult;
import dev.netseg.synth.Generator;
import dev.netseg.synth.GeneratorOptions;
import dev.netseg.workload.Workload;
import dev.netseg.workload.WorkloadExtractor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads manifests, flows and allow rules, and runs the generator: shared by generate and verify.
 */
final class GeneratorRun {
  private GeneratorRun() {}

  record Result(
      Manifests manifests,
      List<Workload> workloads,
      FlowsInput.Result observed,
      GenerationResult generation,
      SegmentedResult segments) {}

  /**
   * As above, with flows the segmentation refuses left out of the policies and reported, and
   * progress on stderr.
   */
  static Result run(
      ManifestInput manifestInput,
      List<Path> paths,
      Path flows,
      Path allow,
      GeneratorOptions options,
      Segmentation segmentation,
      PrintWriter err,
      Progress progress) {
    progress.stage("loading manifests from " + describe(paths));
    Manifests manifests = manifestInput.load(paths);
    List<Workload> workloads = new WorkloadExtractor().fromManifests(manifests);
    if (flows != null) {
      progress.stage("reading flows from " + flows);
    }
    FlowsInput.Result observed = flows == null ? null : FlowsInput.read(flows, workloads, err);
    List<RequiredFlow> observedFlows = observed == null ? List.of() : observed.flows();
    List<AllowRule> rules = List.of();
    if (allow != null) {
      try {
        rules = AllowFile.parse(Files.readString(allow), allow.toString());
      } catch (IOException e) {
        throw new UserError(allow + ": cannot read: " + e.getMessage(), e);
      } catch (DeclarationException e) {
        throw new UserError(e.getMessage(), e);
      }
    }
    InferenceInput input =
        InferenceInput.of(workloads, manifests.allObjects(), observedFlows, rules);
    progress.stage(
        "inferring required flows and synthesizing policies for "
            + workloads.size()
            + " workloads");
    SegmentedResult result;
    try {
      result = new SegmentedGenerator(new Generator(options), segmentation).generate(input);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    }
    return new Result(manifests, workloads, observed, result.generation(), result);
  }

  static String describe(List<Path> paths) {
    return paths.size() <= 3
        ? paths.stream().map(Path::toString).collect(java.util.stream.Collectors.joining(", "))
        : paths.get(0) + " and " + (paths.size() - 1) + " more";
  }
}
