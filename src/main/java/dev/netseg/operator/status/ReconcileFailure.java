package dev.netseg.operator.status;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * What a failed reconcile tells the user in the profile's Degraded condition and in the log. A
 * refusal by the API server's authorizer is named as such, with the server's own sentence (which
 * states the user, verb, resource, API group and namespace), instead of the client's request dump.
 *
 * @param reason CamelCase condition reason: {@code Forbidden} or {@code ReconcileError}
 * @param message one line for a person
 */
public record ReconcileFailure(String reason, String message) {
  public static final String FORBIDDEN = "Forbidden";
  public static final String RECONCILE_ERROR = "ReconcileError";

  /** Describes {@code failure}, looking through its causes for an API server refusal. */
  public static ReconcileFailure of(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof KubernetesClientException k && k.getCode() == 403) {
        String refusal =
            k.getStatus() != null && k.getStatus().getMessage() != null
                ? k.getStatus().getMessage()
                : k.getMessage();
        return new ReconcileFailure(
            FORBIDDEN,
            "missing permission: "
                + refusal
                + "; grant it to the operator's ServiceAccount (the Helm chart's ClusterRole or"
                + " Role)");
      }
    }
    String message = failure.getMessage();
    return new ReconcileFailure(
        RECONCILE_ERROR, message == null ? failure.getClass().getSimpleName() : message);
  }

  /** Whether the cluster's RBAC, not the operator or the profile, is what must change. */
  public boolean forbidden() {
    return FORBIDDEN.equals(reason);
  }
}
