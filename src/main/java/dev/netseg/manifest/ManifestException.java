package dev.netseg.manifest;

/**
 * A manifest the user gave us is wrong or unreadable. The message is one line, {@code path#docIndex
 * (Kind namespace/name): problem}, meant to be printed as is, without a stack trace.
 */
public class ManifestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ManifestException(String message) {
    super(message);
  }

  public ManifestException(String message, Throwable cause) {
    super(message, cause);
  }
}
