package dev.netseg.flows;

/** Stored edges that cannot be read back: a chunk missing or corrupt, or an unknown version. */
public final class EdgeCodecException extends Exception {
  public EdgeCodecException(String message) {
    super(message);
  }

  public EdgeCodecException(String message, Throwable cause) {
    super(message, cause);
  }
}
