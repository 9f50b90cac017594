package dev.netseg.segment;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A team's segmentation intent: named zones, rules between them, and the mode. Built by {@link
 * SegmentationParser}, which checks names and references.
 *
 * <p>Besides the named segments there are two reserved zones: {@value #UNSEGMENTED} (workloads no
 * segment matches, and peers known only by a selector such as the cluster DNS when it is not an
 * input workload) and {@value #EXTERNAL} (every address outside the pod network: CIDR peers). Rules
 * may also use {@value #ANY} for any zone.
 */
public record Segmentation(SegmentMode mode, List<Segment> segments, List<SegmentRule> rules) {
  public static final String UNSEGMENTED = "unsegmented";
  public static final String EXTERNAL = "external";
  public static final String ANY = "*";

  public Segmentation {
    Objects.requireNonNull(mode, "mode");
    segments = List.copyOf(segments);
    rules = List.copyOf(rules);
  }

  /** No segments and no rules: every flow is allowed (what generate does without --segments). */
  public static Segmentation none() {
    return new Segmentation(SegmentMode.GUARDRAILS_ONLY, List.of(), List.of());
  }

  public Optional<Segment> segment(String name) {
    return segments.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** Every zone name, named segments first (in their order), then the reserved ones. */
  public List<String> zones() {
    List<String> out = new java.util.ArrayList<>(segments.stream().map(Segment::name).toList());
    out.add(UNSEGMENTED);
    out.add(EXTERNAL);
    return out;
  }
}
