package dev.netseg.operator.http;

/**
 * An HTTP endpoint cannot start because of how it is configured or where it runs: its port is taken
 * or not allowed, a TLS file is missing, unreadable or not a certificate and key. The message is
 * one line that names the port and the endpoint, or the option and the file, so that the command
 * line prints it as it is.
 */
public final class EndpointStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EndpointStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
