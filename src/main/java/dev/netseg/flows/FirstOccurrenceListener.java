package dev.netseg.flows;

/**
 * Told the first time each reason occurs in an {@link IngestCounter}, so the caller can log once
 * per reason with an example while the decision code stays free of logging.
 */
@FunctionalInterface
public interface FirstOccurrenceListener {
  FirstOccurrenceListener NONE = (reason, detail, example) -> {};

  /**
   * @param reason what happened
   * @param detail the field and value involved, from the first occurrence
   * @param example the input it happened on, clipped to {@link IngestCounter#MAX_EXAMPLE_CHARS}
   */
  void firstOccurrence(FlowReason reason, String detail, String example);
}
