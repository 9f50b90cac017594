package dev.netseg.operator.http;

import java.util.Optional;

/** Turns a bearer token into the Kubernetes user it belongs to, or nothing if it is not valid. */
@FunctionalInterface
public interface TokenAuthenticator {
  /**
   * @return the authenticated user name (for a ServiceAccount {@code
   *     system:serviceaccount:<namespace>:<name>}), or empty when the token is not valid
   * @throws AuthenticationUnavailableException when the API server cannot be asked
   */
  Optional<String> authenticate(String token);

  /** The token could not be checked (API server unreachable): the caller answers 503. */
  final class AuthenticationUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AuthenticationUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
