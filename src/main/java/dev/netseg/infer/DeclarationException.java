package dev.netseg.infer;

/**
 * A malformed declaration entry or allow rule: the message names the object, the annotation or
 * file, the entry and what is wrong with it, ready to show to a user.
 */
public class DeclarationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public DeclarationException(String message) {
    super(message);
  }
}
