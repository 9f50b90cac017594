package dev.netseg.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the RBAC tests will build on: the API server authorizes with RBAC, a test can act as a
 * ServiceAccount, and the audit log shows every forbidden request.
 */
@RealApiServer
class ApiServerAccessIT {
  private final ApiServerFixture api;

  ApiServerAccessIT(ApiServerFixture api) {
    this.api = api;
  }

  @Test
  void serviceAccountIsForbiddenUntilARoleGrantsItAndTheAuditLogShowsTheDenial() {
    String ns = api.createNamespace("access-it");
    KubernetesClient admin = api.admin();
    admin
        .serviceAccounts()
        .inNamespace(ns)
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName("netseg").endMetadata().build())
        .create();
    KubernetesClient operator = api.clientForServiceAccount(ns, "netseg");
    String user = "system:serviceaccount:" + ns + ":netseg";

    assertThatThrownBy(() -> operator.network().v1().networkPolicies().inNamespace(ns).list())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(forbidden(user))
                    .anySatisfy(
                        event -> {
                          assertThat(event.path("verb").asText()).isEqualTo("list");
                          assertThat(event.path("objectRef").path("resource").asText())
                              .isEqualTo("networkpolicies");
                          assertThat(event.path("objectRef").path("namespace").asText())
                              .isEqualTo(ns);
                        }));

    admin
        .rbac()
        .roles()
        .inNamespace(ns)
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName("netseg")
                .endMetadata()
                .addNewRule()
                .withApiGroups("networking.k8s.io")
                .withResources("networkpolicies")
                .withVerbs("get", "list", "watch")
                .endRule()
                .build())
        .create();
    admin
        .rbac()
        .roleBindings()
        .inNamespace(ns)
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName("netseg")
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", "netseg")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName("netseg")
                .withNamespace(ns)
                .endSubject()
                .build())
        .create();

    // The RBAC authorizer reads roles from an informer: the grant takes effect shortly after.
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreException(KubernetesClientException.class)
        .until(() -> operator.network().v1().networkPolicies().inNamespace(ns).list() != null);
    assertThatThrownBy(() -> operator.namespaces().list())
        .as("the Role grants nothing outside its namespace")
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
  }

  @Test
  void adminIsNotRestrictedAndIsNeverForbidden() {
    assertThat(api.admin().namespaces().withName("default").get()).isNotNull();
    assertThat(api.admin().rbac().clusterRoles().withName("cluster-admin").get()).isNotNull();
    assertThat(
            api.auditEvents().stream()
                .filter(e -> e.path("responseStatus").path("code").asInt() == 403)
                .map(e -> e.path("user").path("username").asText()))
        .doesNotContain("kubeapitest");
  }

  private List<JsonNode> forbidden(String user) {
    return api.auditEvents().stream()
        .filter(e -> user.equals(e.path("user").path("username").asText()))
        .filter(e -> e.path("responseStatus").path("code").asInt() == 403)
        .toList();
  }
}
