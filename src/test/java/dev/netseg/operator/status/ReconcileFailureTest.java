package dev.netseg.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.OperatorException;
import org.junit.jupiter.api.Test;

class ReconcileFailureTest {
  private static final String REFUSAL =
      "networkpolicies.networking.k8s.io \"netseg-web\" is forbidden: User"
          + " \"system:serviceaccount:netseg-system:netseg-operator\" cannot patch resource"
          + " \"networkpolicies\" in API group \"networking.k8s.io\" in the namespace \"shop\"";

  private static KubernetesClientException refused() {
    Status status =
        new StatusBuilder().withCode(403).withReason("Forbidden").withMessage(REFUSAL).build();
    return new KubernetesClientException(
        "Failure executing: PATCH at: https://10.0.0.1/apis/networking.k8s.io/v1/namespaces/shop"
            + "/networkpolicies/netseg-web. Message: "
            + REFUSAL
            + ". Received status: "
            + status,
        403,
        status);
  }

  @Test
  void namesTheRefusedVerbAndResourceWithoutTheRequestDump() {
    ReconcileFailure failure = ReconcileFailure.of(refused());

    assertThat(failure.forbidden()).isTrue();
    assertThat(failure.reason()).isEqualTo("Forbidden");
    assertThat(failure.message())
        .startsWith("missing permission: ")
        .contains(REFUSAL)
        .contains("ServiceAccount")
        .doesNotContain("Received status", "https://");
  }

  @Test
  void findsTheRefusalBehindTheOperatorFrameworksWrapper() {
    ReconcileFailure failure = ReconcileFailure.of(new OperatorException(refused()));

    assertThat(failure.reason()).isEqualTo("Forbidden");
    assertThat(failure.message()).contains("cannot patch resource \"networkpolicies\"");
  }

  @Test
  void otherFailuresKeepTheirOwnMessage() {
    assertThat(ReconcileFailure.of(new IllegalStateException("cache not synced")))
        .isEqualTo(new ReconcileFailure("ReconcileError", "cache not synced"));
    assertThat(
            ReconcileFailure.of(
                new KubernetesClientException("Failure executing: PATCH. Conflict", 409, null)))
        .extracting(ReconcileFailure::reason)
        .isEqualTo("ReconcileError");
    assertThat(ReconcileFailure.of(new NullPointerException()))
        .isEqualTo(new ReconcileFailure("ReconcileError", "NullPointerException"));
  }
}
