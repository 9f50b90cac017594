package dev.netseg.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.netseg.operator.SegmentationProfileReconciler;
import dev.netseg.operator.crd.SegmentationProfile;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The converse of {@link OperatorIT}'s RBAC check: with the chart's Role missing one rule (patch on
 * NetworkPolicies, which server-side apply needs to create and update them), the operator says
 * which permission it lacks, in its log and in the profile's Degraded condition, and writes
 * nothing.
 */
@RealApiServer
class MissingPermissionIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static final String APP =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers:
            - name: web
              image: registry.k8s.io/e2e-test-images/agnhost:2.52
              ports: [{name: http, containerPort: 8080}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: web}
      spec:
        selector: {app: web}
        ports: [{name: http, port: 80, targetPort: http}]
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: client}
      spec:
        selector: {matchLabels: {app: client}}
        template:
          metadata: {labels: {app: client}}
          spec:
            containers:
            - name: client
              image: registry.k8s.io/e2e-test-images/agnhost:2.52
              env: [{name: WEB_ADDR, value: "web:80"}]
      ---
      apiVersion: netseg.dev/v1alpha1
      kind: SegmentationProfile
      metadata: {name: app}
      spec:
        mode: Enforce
        learning: {minimumLearningPeriod: 0s}
      """;

  private final ApiServerFixture api;

  MissingPermissionIT(ApiServerFixture api) {
    this.api = api;
  }

  @Test
  void withoutPatchOnNetworkPoliciesTheOperatorNamesTheMissingPermissionAndHealsOnceGranted() {
    KubernetesClient admin = api.admin();
    api.installCrds(Path.of("crds"));
    String app = api.createNamespace("rbac-app");
    String release = api.createNamespace("rbac-op");
    ChartAccess access =
        ChartAccess.render("netseg-rbac", release, List.of(app))
            .without("networkpolicies", "patch");
    access.apply(admin);
    String user = "system:serviceaccount:" + release + ":" + access.serviceAccount();
    await().atMost(WAIT).until(() -> allowed(admin, user, "list", "networkpolicies", app));

    Logger log = (Logger) LoggerFactory.getLogger(SegmentationProfileReconciler.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    log.addAppender(logged);
    try (RunningOperator operator =
        RunningOperator.start(
            api.clientForServiceAccount(release, access.serviceAccount()), admin, List.of(app))) {
      for (HasMetadata o :
          admin.load(new ByteArrayInputStream(APP.getBytes(StandardCharsets.UTF_8))).items()) {
        admin.resource(o).inNamespace(app).create();
      }

      await()
          .atMost(WAIT)
          .until(
              () -> operator.condition(app, "app", "Degraded").map(Condition::getReason),
              r -> r.equals(java.util.Optional.of("Forbidden")));
      Condition degraded = operator.condition(app, "app", "Degraded").orElseThrow();
      assertThat(degraded.getStatus()).isEqualTo("True");
      assertThat(degraded.getMessage())
          .startsWith("missing permission: ")
          .contains(
              "User \"" + user + "\" cannot patch resource \"networkpolicies\"",
              "in API group \"networking.k8s.io\"",
              "in the namespace \"" + app + "\"")
          .doesNotContain("Received status");
      assertThat(logged.list)
          .anySatisfy(
              e -> {
                assertThat(e.getLevel()).isEqualTo(Level.ERROR);
                assertThat(e.getFormattedMessage())
                    .contains(
                        app + "/app",
                        "missing permission",
                        "cannot patch resource \"networkpolicies\"");
              });
      assertThat(operator.policies(app)).as("nothing was written").isEmpty();
      SegmentationProfile profile = operator.profile(app, "app");
      assertThat(profile.getStatus()).isNotNull();

      // Granting the permission heals the profile without an edit: a retry writes the policies
      // (or, once JOSDK's retries are exhausted, the reconcile due within 5 minutes does).
      ChartAccess.render("netseg-rbac", release, List.of(app)).apply(admin);
      await().atMost(WAIT).until(() -> allowed(admin, user, "patch", "networkpolicies", app));
      await()
          .atMost(Duration.ofMinutes(6))
          .until(
              () ->
                  operator.policies(app).size() == 2
                      && operator
                          .condition(app, "app", "Degraded")
                          .map(Condition::getStatus)
                          .equals(java.util.Optional.of("False")));
      assertThat(operator.condition(app, "app", "Ready").map(Condition::getReason))
          .contains("Enforced");
    } finally {
      log.detachAppender(logged);
    }
    assertThat(
            api.auditEvents().stream()
                .filter(e -> user.equals(e.path("user").path("username").asText()))
                .filter(e -> e.path("responseStatus").path("code").asInt() == 403)
                .map(
                    e ->
                        e.path("verb").asText()
                            + " "
                            + e.path("objectRef").path("resource").asText())
                .distinct())
        .as("the only refusals are the missing rule")
        .containsExactly("patch networkpolicies");
  }

  private static boolean allowed(
      KubernetesClient admin, String user, String verb, String resource, String ns) {
    return admin
        .authorization()
        .v1()
        .subjectAccessReview()
        .create(
            new SubjectAccessReviewBuilder()
                .withNewSpec()
                .withUser(user)
                .withGroups("system:serviceaccounts", "system:authenticated")
                .withNewResourceAttributes()
                .withVerb(verb)
                .withGroup("networking.k8s.io")
                .withResource(resource)
                .withNamespace(ns)
                .endResourceAttributes()
                .endSpec()
                .build())
        .getStatus()
        .getAllowed();
  }
}
