package dev.netseg.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netseg.operator.crd.PolicyProposal;
import dev.netseg.operator.crd.SegmentationProfile;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator in-process against the real API server, as after {@code helm install}: it runs with
 * the token of the chart's ServiceAccount, whose only rights are the chart's ClusterRole and Roles,
 * and writes with server-side apply. The user path of {@code deploy/examples} is followed in order
 * (the tests share one operator and one installed shop, so they run in that order): Observe writes
 * nothing, Enforce writes every policy of the example application, a user's edit is put back, a
 * user's own policy is left alone, a Service change updates its policy, and at no point did the API
 * server refuse the operator anything.
 */
@RealApiServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorIT {
  static final String RELEASE_NAMESPACE = "netseg-system";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(100);

  /**
   * The policies the example application needs once each of its namespaces has an Enforce profile
   * (deploy/examples/02-enforce.yaml): one per workload that receives or makes calls, plus the
   * default deny that the payments and data profiles ask for.
   */
  static final Map<String, Set<String>> EXPECTED =
      Map.of(
          "shop",
          Set.of(
              "netseg-cartservice",
              "netseg-checkout",
              "netseg-frontend",
              "netseg-productcatalog",
              "netseg-recommendation",
              "netseg-shipping",
              "netseg-emailservice"),
          "data",
          Set.of("netseg-postgres", "netseg-redis-cart", "netseg-default-deny"),
          "payments",
          Set.of("netseg-paymentservice", "netseg-default-deny"));

  private final ApiServerFixture api;
  private final KubernetesClient admin;
  private ChartAccess access;
  private RunningOperator operator;

  OperatorIT(ApiServerFixture api) {
    this.api = api;
    this.admin = api.admin();
  }

  @BeforeAll
  void installShopChartAccessAndStartOperator() {
    api.installCrds(Path.of("crds"));
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(RELEASE_NAMESPACE)
                .endMetadata()
                .build())
        .create();
    new ShopOnApiServer(admin).install();
    access = ChartAccess.render("netseg-operator", RELEASE_NAMESPACE, ShopOnApiServer.NAMESPACES);
    access.apply(admin);
    // Wait, as admin, until the authorizer's informers see the new bindings, so that no request
    // of the operator can be refused just because it came first.
    await()
        .atMost(WAIT)
        .until(() -> allowed(user(), "patch", "networking.k8s.io", "networkpolicies", "shop"));
    KubernetesClient asOperator =
        api.clientForServiceAccount(RELEASE_NAMESPACE, access.serviceAccount());
    operator = RunningOperator.start(asOperator, admin, ShopOnApiServer.NAMESPACES);
  }

  @AfterAll
  void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  private String user() {
    return "system:serviceaccount:" + RELEASE_NAMESPACE + ":" + access.serviceAccount();
  }

  private boolean allowed(String user, String verb, String group, String resource, String ns) {
    SubjectAccessReview review =
        new SubjectAccessReviewBuilder()
            .withNewSpec()
            .withUser(user)
            .withGroups("system:serviceaccounts", "system:authenticated")
            .withNewResourceAttributes()
            .withVerb(verb)
            .withGroup(group)
            .withResource(resource)
            .withNamespace(ns)
            .endResourceAttributes()
            .endSpec()
            .build();
    return admin.authorization().v1().subjectAccessReview().create(review).getStatus().getAllowed();
  }

  @Test
  @Order(1)
  void observeModeWritesNoPolicyButProposesThem() {
    api.kubectl("apply", "-f", "deploy/examples/01-observe.yaml").ok();

    for (String ns : ShopOnApiServer.NAMESPACES) {
      await().atMost(WAIT).until(() -> operator.reason(ns, ns, "Ready"), "Observing"::equals);
      PolicyProposal proposal =
          admin.resources(PolicyProposal.class).inNamespace(ns).withName(ns).get();
      assertThat(proposal).as("proposal of profile %s", ns).isNotNull();
      // The Observe profiles of 01-observe.yaml ask for no default deny; 02-enforce.yaml does.
      Set<String> proposed = new TreeSet<>(EXPECTED.get(ns));
      proposed.remove("netseg-default-deny");
      assertThat(proposal.getSpec().getPolicyCount()).isEqualTo(proposed.size());
      for (String name : proposed) {
        assertThat(proposal.getSpec().getYaml()).contains("name: " + name + "\n");
      }
    }
    for (String ns : ShopOnApiServer.NAMESPACES) {
      assertThat(operator.policies(ns)).as("policies in %s", ns).isEmpty();
    }
  }

  @Test
  @Order(2)
  void enforceWritesEveryPolicyOfTheShopAndTheServerAcceptsThem(@TempDir Path dir)
      throws IOException {
    // The example waits 5 minutes of learning before enforcing; this test has learned enough.
    String enforce =
        Files.readString(Path.of("deploy/examples/02-enforce.yaml"))
            .replace("minimumLearningPeriod: 5m", "minimumLearningPeriod: 0s");
    Path file = Files.writeString(dir.resolve("enforce.yaml"), enforce, StandardCharsets.UTF_8);

    long start = System.nanoTime();
    api.kubectl("apply", "-f", file.toString()).ok();
    await()
        .atMost(WAIT)
        .pollInterval(POLL)
        .until(() -> names(operator.policies("shop")), EXPECTED.get("shop")::equals);
    for (String ns : List.of("data", "payments")) {
      await()
          .atMost(WAIT)
          .pollInterval(POLL)
          .until(() -> names(operator.policies(ns)), EXPECTED.get(ns)::equals);
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.printf(
        "[netseg-it] kubectl apply of the Enforce profiles to all %d policies of the shop present: %d ms%n",
        EXPECTED.values().stream().mapToInt(Set::size).sum(), millis);

    for (String ns : ShopOnApiServer.NAMESPACES) {
      SegmentationProfile profile = operator.profile(ns, ns);
      for (NetworkPolicy p : operator.policies(ns)) {
        String what = ns + "/" + p.getMetadata().getName();
        assertThat(p.getMetadata().getLabels())
            .as(what)
            .containsEntry("app.kubernetes.io/managed-by", "netseg")
            .containsEntry("netseg.dev/profile", ns);
        assertThat(p.getMetadata().getOwnerReferences())
            .as("%s is owned by its profile (what garbage collection would follow)", what)
            .singleElement()
            .satisfies(
                r -> {
                  assertThat(r.getUid()).isEqualTo(profile.getMetadata().getUid());
                  assertThat(r.getKind()).isEqualTo("SegmentationProfile");
                  assertThat(r.getController()).isTrue();
                });
        assertThat(p.getMetadata().getManagedFields())
            .as("field managers of %s", what)
            .singleElement()
            .satisfies(
                m -> {
                  assertThat(m.getManager()).isEqualTo("netseg");
                  assertThat(m.getOperation()).isEqualTo("Apply");
                  assertThat(Serialization.asJson(m.getFieldsV1())).contains("\"f:spec\"");
                });
      }
      await().atMost(WAIT).until(() -> operator.reason(ns, ns, "Ready"), "Enforced"::equals);
      assertThat(operator.profile(ns, ns).getStatus().getPolicies())
          .as("status.policies of %s", ns)
          .isEqualTo(EXPECTED.get(ns).size());
    }

    String table = api.kubectl("get", "segmentationprofiles", "-A").ok();
    List<String> lines = table.lines().toList();
    assertThat(lines.get(0).split("\\s+"))
        .contains("NAMESPACE", "NAME", "MODE", "WORKLOADS", "POLICIES", "READY");
    for (String ns : ShopOnApiServer.NAMESPACES) {
      Map<String, String> row = row(lines, ns);
      assertThat(row).containsEntry("MODE", "Enforce").containsEntry("READY", "True");
      assertThat(row.get("POLICIES")).isEqualTo(String.valueOf(EXPECTED.get(ns).size()));
      assertThat(row.get("WORKLOADS"))
          .isEqualTo(String.valueOf(operator.profile(ns, ns).getStatus().getWorkloads()))
          .isNotEqualTo("0");
    }
  }

  /** The row of namespace {@code ns} in kubectl's table, by column header. */
  private static Map<String, String> row(List<String> lines, String ns) {
    String[] header = lines.get(0).trim().split("\\s+");
    String line = lines.stream().filter(l -> l.startsWith(ns + " ")).findFirst().orElseThrow();
    String[] cells = line.trim().split("\\s+");
    assertThat(cells).as("cells of %s", line).hasSize(header.length);
    Map<String, String> row = new java.util.LinkedHashMap<>();
    for (int i = 0; i < header.length; i++) {
      row.put(header[i], cells[i]);
    }
    return row;
  }

  @Test
  @Order(3)
  void aUsersEditOfAManagedPolicyIsPutBack() {
    NetworkPolicy before = operator.policy("shop", "netseg-cartservice").orElseThrow();
    assertThat(before.getSpec().getIngress()).isNotEmpty();

    // A user opens the policy in `kubectl edit` and drops every ingress rule.
    admin
        .network()
        .v1()
        .networkPolicies()
        .inNamespace("shop")
        .withName("netseg-cartservice")
        .edit(p -> new NetworkPolicyBuilder(p).editSpec().withIngress(List.of()).endSpec().build());

    await()
        .atMost(WAIT)
        .pollInterval(POLL)
        .untilAsserted(
            () -> {
              NetworkPolicy now = operator.policy("shop", "netseg-cartservice").orElseThrow();
              assertThat(now.getMetadata().getResourceVersion())
                  .isNotEqualTo(before.getMetadata().getResourceVersion());
              assertThat(now.getSpec()).isEqualTo(before.getSpec());
              assertThat(managers(now)).contains("netseg");
            });
  }

  @Test
  @Order(4)
  void aServiceChangeUpdatesItsPolicyAndAUsersOwnPolicyIsNeverTouched() {
    NetworkPolicy own =
        admin
            .network()
            .v1()
            .networkPolicies()
            .inNamespace("shop")
            .resource(
                new NetworkPolicyBuilder()
                    .withNewMetadata()
                    .withName("allow-monitoring")
                    .withNamespace("shop")
                    .endMetadata()
                    .withNewSpec()
                    .withNewPodSelector()
                    .endPodSelector()
                    .addNewIngress()
                    .addNewFrom()
                    .withNewNamespaceSelector()
                    .addToMatchLabels("kubernetes.io/metadata.name", "monitoring")
                    .endNamespaceSelector()
                    .endFrom()
                    .endIngress()
                    .endSpec()
                    .build())
            .create();
    NetworkPolicy cartBefore = operator.policy("shop", "netseg-cartservice").orElseThrow();
    assertThat(hasIpBlockIngress(cartBefore)).isFalse();

    // The cart service is now published outside the cluster: the profile's exposure CIDRs may
    // reach it on its target port.
    long start = System.nanoTime();
    admin
        .services()
        .inNamespace("shop")
        .withName("cartservice")
        .edit(
            s -> {
              s.getSpec().setType("LoadBalancer");
              return s;
            });
    await()
        .atMost(WAIT)
        .pollInterval(POLL)
        .until(
            () -> hasIpBlockIngress(operator.policy("shop", "netseg-cartservice").orElseThrow()));
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("[netseg-it] Service change to updated NetworkPolicy: %d ms%n", millis);

    NetworkPolicy ownAfter = operator.policy("shop", "allow-monitoring").orElseThrow();
    assertThat(ownAfter.getMetadata().getResourceVersion())
        .as("the user's own policy was not written")
        .isEqualTo(own.getMetadata().getResourceVersion());
    assertThat(managers(ownAfter)).doesNotContain("netseg");
    assertThat(operator.policies("shop"))
        .extracting(p -> p.getMetadata().getName())
        .contains("allow-monitoring");
  }

  @Test
  @Order(5)
  void theApiServerRefusedTheOperatorNothing() {
    List<JsonNode> byOperator =
        api.auditEvents().stream()
            .filter(e -> user().equals(e.path("user").path("username").asText()))
            .toList();
    // The operator did its work through this account: listed, watched and applied.
    assertThat(byOperator)
        .extracting(
            e -> e.path("verb").asText() + " " + e.path("objectRef").path("resource").asText())
        .contains(
            "watch pods",
            "watch namespaces",
            "watch segmentationprofiles",
            "patch networkpolicies",
            "patch segmentationprofiles",
            "create events");
    assertThat(
            byOperator.stream()
                .filter(e -> e.path("responseStatus").path("code").asInt() == 403)
                .map(JsonNode::toString))
        .as("forbidden responses to %s", user())
        .isEmpty();
  }

  private static Set<String> names(List<NetworkPolicy> policies) {
    return policies.stream()
        .map(p -> p.getMetadata().getName())
        .filter(n -> n.startsWith("netseg-"))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static List<String> managers(NetworkPolicy p) {
    List<String> out = new ArrayList<>();
    for (ManagedFieldsEntry m : p.getMetadata().getManagedFields()) {
      out.add(m.getManager());
    }
    return out;
  }

  private static boolean hasIpBlockIngress(NetworkPolicy p) {
    List<NetworkPolicyIngressRule> rules = p.getSpec().getIngress();
    return rules != null
        && rules.stream()
            .filter(r -> r.getFrom() != null)
            .flatMap(r -> r.getFrom().stream())
            .anyMatch(peer -> Objects.nonNull(peer.getIpBlock()));
  }
}
