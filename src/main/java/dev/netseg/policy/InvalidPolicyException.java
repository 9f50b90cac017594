package dev.netseg.policy;

/**
 * A snapshot object that the API server would reject, or that cannot be evaluated. The message
 * names the object and the field, for example {@code NetworkPolicy x/allow-a:
 * spec.ingress[0].from[1].ipBlock.cidr: "10.0.0/8" is not a valid CIDR}.
 */
public final class InvalidPolicyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidPolicyException(String message) {
    super(message);
  }
}
