package dev.netseg.cli;

import dev.netseg.segment.Segmentation;
import dev.netseg.segment.SegmentationException;
import dev.netseg.segment.SegmentationParser;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --segments FILE}: zones and guardrails (docs/segments.md). */
final class SegmentsInput {
  @Option(
      names = "--segments",
      paramLabel = "FILE",
      description =
          "Segments and rules between them (docs/segments.md): flows a deny rule (or, in intent"
              + " mode, no allow rule) forbids are refused and reported, never allowed.")
  Path segments;

  /** The file's segmentation, or {@link Segmentation#none()} without the option. */
  Segmentation segmentation() {
    if (segments == null) {
      return Segmentation.none();
    }
    try {
      return SegmentationParser.read(segments);
    } catch (SegmentationException e) {
      throw new UserError(e.getMessage(), e);
    }
  }
}
