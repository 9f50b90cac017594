package dev.netseg.segment;

import dev.netseg.infer.InferenceInput;
import dev.netseg.synth.GenerationResult;
import dev.netseg.synth.Generator;
import dev.netseg.workload.Workload;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The generator with segmentation: flows the segmentation refuses are not given to synthesis, and
 * the policies use segment selectors as peers where that is exact and shorter ({@link
 * SegmentPeers}). With {@link Segmentation#none()} the result equals the plain generator's.
 */
public final class SegmentedGenerator {
  private final Generator generator;
  private final Segmentation segmentation;

  public SegmentedGenerator(Generator generator, Segmentation segmentation) {
    this.generator = Objects.requireNonNull(generator, "generator");
    this.segmentation = Objects.requireNonNull(segmentation, "segmentation");
  }

  /**
   * @throws SegmentationException when a workload matches two segments
   */
  public SegmentedResult generate(InferenceInput input) {
    return generate(input, w -> true);
  }

  /**
   * @throws SegmentationException when a workload matches two segments
   */
  public SegmentedResult generate(InferenceInput input, Predicate<Workload> governs) {
    SegmentAssignment zones =
        SegmentAssignment.of(segmentation, input.workloads(), input.namespaces());
    SegmentEvaluator evaluator = new SegmentEvaluator(zones);
    SegmentEvaluation[] evaluation = new SegmentEvaluation[1];
    GenerationResult result =
        generator.generate(
            input,
            governs,
            flows -> {
              evaluation[0] = evaluator.evaluate(flows);
              return evaluation[0].refused().isEmpty() ? flows : evaluation[0].allowed();
            });
    SegmentPeers.Result peers = SegmentPeers.Result.unchanged(result.policies());
    if (!segmentation.segments().isEmpty()) {
      peers =
          new SegmentPeers(zones, input.workloads(), input.namespaces()).rewrite(result.policies());
    }
    GenerationResult rewritten =
        new GenerationResult(
            peers.policies(),
            result.flows(),
            result.findings(),
            result.report(),
            result.selectorPeers());
    return new SegmentedResult(
        rewritten, zones, evaluation[0], peers.rewritten(), peers.reverted());
  }
}
