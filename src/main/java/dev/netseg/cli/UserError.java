package dev.netseg.cli;

/**
 * A mistake in what the user gave us (a file, a manifest, an option): reported as one line on
 * stderr with exit code 2, never as a stack trace.
 */
public class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserError(String message) {
    super(message);
  }

  public UserError(String message, Throwable cause) {
    super(message, cause);
  }
}
