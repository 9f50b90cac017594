package dev.netseg.segment;

/**
 * Segmentation input that cannot be used: a malformed segments file or profile field, or a workload
 * that two segments claim. The message names the file or object and the field.
 */
public class SegmentationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public SegmentationException(String message) {
    super(message);
  }

  public SegmentationException(String message, Throwable cause) {
    super(message, cause);
  }
}
