package dev.netseg.cli;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.List;

/** A failed request to the API server, said so that a person can act on it. */
final class ApiServerFailure {
  private ApiServerFailure() {}

  /**
   * Why a request failed: the API server's answer (its own sentence when it sent a Status, which
   * for a refusal names the user, verb, resource and namespace, rather than fabric8's request
   * dump), or, when there was none, what the connection ran into (fabric8's message then names only
   * the operation, and the JDK's exceptions carry no message of their own).
   */
  static String reason(KubernetesClientException e) {
    if (e.getCode() > 0) {
      String said = e.getStatus() == null ? null : e.getStatus().getMessage();
      return said != null && !said.isBlank() ? said : e.getMessage();
    }
    List<Throwable> causes = new ArrayList<>();
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      causes.add(cause);
    }
    if (causes.stream()
        .anyMatch(
            c -> c instanceof UnresolvedAddressException || c instanceof UnknownHostException)) {
      return "unknown host";
    }
    if (causes.stream().anyMatch(ConnectException.class::isInstance)) {
      return "cannot connect (is the API server up, and the kubeconfig's server right?)";
    }
    String message =
        causes.stream()
            .map(Throwable::getMessage)
            .filter(m -> m != null && !m.isBlank())
            .findFirst()
            .orElse(null);
    return message != null ? message : e.getMessage();
  }
}
