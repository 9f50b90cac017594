package dev.netseg.segment;

import java.util.Locale;
import java.util.Optional;

/** How a rule set treats flows between zones that no rule names. */
public enum SegmentMode {
  /**
   * A flow that crosses zones must be required and permitted by an {@code allow} rule: least
   * privilege inside the stated intent.
   */
  INTENT("intent"),
  /** Every required flow is allowed unless a {@code deny} rule forbids it. */
  GUARDRAILS_ONLY("guardrails-only");

  private final String text;

  SegmentMode(String text) {
    this.text = text;
  }

  /** As written in files and in the SegmentationProfile. */
  public String text() {
    return text;
  }

  public static Optional<SegmentMode> parse(String text) {
    for (SegmentMode m : values()) {
      if (m.text.equals(text == null ? null : text.trim().toLowerCase(Locale.ROOT))) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return text;
  }
}
