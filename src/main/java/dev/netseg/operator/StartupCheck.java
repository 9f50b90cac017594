package dev.netseg.operator;

import dev.netseg.operator.crd.LearnedEdges;
import dev.netseg.operator.crd.PolicyProposal;
import dev.netseg.operator.crd.SegmentationProfile;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * What the operator checks before it starts, so that the two most common first-run mistakes are one
 * line naming what is wrong instead of a hundred lines of informer stack traces: the API server
 * does not answer or refuses the credentials (a wrong kubeconfig; in a cluster, the operator's own
 * NetworkPolicy without the control-plane addresses), and netseg's CRDs are not installed. Only
 * what every authenticated user may read is asked: API discovery ({@code /api} and netseg's group).
 */
public final class StartupCheck {
  private static final List<Class<? extends HasMetadata>> KINDS =
      List.of(SegmentationProfile.class, PolicyProposal.class, LearnedEdges.class);

  private final KubernetesClient client;
  private final Duration timeout;

  public StartupCheck(KubernetesClient client, Duration timeout) {
    this.client = client;
    this.timeout = timeout;
  }

  /** The API server cannot be used as configured; the message is one line for a person. */
  public static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * @throws Failure when the API server does not answer in time, refuses the credentials, or does
   *     not serve netseg's resources
   */
  public void run() {
    // Without the client's retries, so that a refused connection says so at once.
    try (KubernetesClient once =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(client.getConfiguration())
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build()) {
      check(once);
    }
  }

  private void check(KubernetesClient client) {
    String server = client.getConfiguration().getMasterUrl();
    try {
      CompletableFuture.supplyAsync(client::getAPIVersions)
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new Failure(
          "the Kubernetes API server at %s did not answer within %d s%s"
              .formatted(server, timeout.toSeconds(), HINT),
          e);
    } catch (ExecutionException e) {
      throw unreachable(server, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failure("interrupted while checking the API server at " + server, e);
    }
    String groupVersion = SegmentationProfile.GROUP + "/" + SegmentationProfile.VERSION;
    APIResourceList served;
    try {
      served = client.getApiResources(groupVersion);
    } catch (KubernetesClientException e) {
      throw unreachable(server, e);
    }
    Set<String> have =
        served == null || served.getResources() == null
            ? Set.of()
            : served.getResources().stream().map(APIResource::getName).collect(Collectors.toSet());
    Set<String> missing = new TreeSet<>();
    for (Class<? extends HasMetadata> kind : KINDS) {
      String plural = HasMetadata.getPlural(kind);
      if (!have.contains(plural)) {
        missing.add(plural + "." + SegmentationProfile.GROUP);
      }
    }
    if (!missing.isEmpty()) {
      throw new Failure(
          ("netseg's CRDs are not installed on the API server at %s (missing %s in %s): install"
                  + " them with kubectl apply --server-side -f crds/ (the Helm chart installs"
                  + " them)")
              .formatted(server, String.join(", ", missing), groupVersion),
          null);
    }
  }

  private static final String HINT =
      "; check the kubeconfig (KUBECONFIG, ~/.kube/config) or, in a cluster, that the"
          + " operator's NetworkPolicy lets it reach the API server (the chart's"
          + " networkPolicy.apiServer.cidrs and ports)";

  /** The most telling words of a failure chain: what a person would search for. */
  private static String reason(Throwable failure) {
    String message = null;
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.net.ConnectException) {
        return "connection refused";
      }
      if (t instanceof java.net.UnknownHostException) {
        return "unknown host " + t.getMessage();
      }
      if (t instanceof javax.net.ssl.SSLException) {
        return "TLS failed: " + t.getMessage();
      }
      if (t instanceof java.net.http.HttpConnectTimeoutException
          || t instanceof java.net.SocketTimeoutException) {
        return "connection timed out";
      }
      if (message == null && t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage().lines().findFirst().orElse("");
      }
    }
    return message == null ? failure.getClass().getSimpleName() : message;
  }

  private static Failure unreachable(String server, Throwable cause) {
    if (cause instanceof KubernetesClientException k && (k.getCode() == 401)) {
      return new Failure(
          "the Kubernetes API server at %s refused the credentials (401 Unauthorized): check the"
                  .formatted(server)
              + " kubeconfig's user, or the ServiceAccount token in a cluster",
          cause);
    }
    String why = reason(cause);
    return new Failure(
        "cannot reach the Kubernetes API server at %s (%s)%s".formatted(server, why, HINT), cause);
  }
}
