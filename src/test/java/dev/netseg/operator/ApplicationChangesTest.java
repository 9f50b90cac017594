package dev.netseg.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.netseg.operator.crd.PolicyProposal;
import dev.netseg.operator.crd.SegmentationProfile;
import dev.netseg.operator.plan.Ownership;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the operator follows the application on the CRUD mock API server: each change rewrites
 * exactly the policies it affects (checked by resourceVersion: every other policy is untouched), a
 * change that would block a required flow is held, and a deleted profile leaves nothing behind.
 *
 * <p>The app: frontend reaches cart on its grpc port (env reference) and catalog (env reference);
 * checkout declares egress to every port of Service cart; catalog and cart are servers.
 */
@EnableKubernetesMockClient(crud = true)
class ApplicationChangesTest {
  KubernetesMockServer server;
  KubernetesClient client;
  private MockCluster cluster;
  private OperatorRuntime runtime;

  private static final String APP =
      """
      apiVersion: v1
      kind: Namespace
      metadata: {name: shop, labels: {kubernetes.io/metadata.name: shop}}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: frontend, namespace: shop}
      spec:
        selector: {matchLabels: {app: frontend}}
        template:
          metadata: {labels: {app: frontend}}
          spec:
            containers:
            - name: web
              image: web
              ports: [{name: http, containerPort: 8080}]
              env:
              - {name: CART_ADDR, value: "cart:7070"}
              - {name: CATALOG_URL, value: "http://catalog:8080"}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: checkout
        namespace: shop
        annotations: {netseg.dev/egress: cart}
      spec:
        selector: {matchLabels: {app: checkout}}
        template:
          metadata: {labels: {app: checkout}}
          spec:
            containers: [{name: checkout, image: checkout}]
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: cart, namespace: shop}
      spec:
        selector: {matchLabels: {app: cart}}
        template:
          metadata: {labels: {app: cart}}
          spec:
            containers:
            - name: cart
              image: cart
              ports: [{name: grpc, containerPort: 7070}, {name: metrics, containerPort: 9090}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: cart, namespace: shop}
      spec:
        selector: {app: cart}
        ports: [{name: grpc, port: 7070, targetPort: grpc}]
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: catalog, namespace: shop}
      spec:
        selector: {matchLabels: {app: catalog}}
        template:
          metadata: {labels: {app: catalog}}
          spec:
            containers:
            - {name: catalog, image: catalog, ports: [{name: http, containerPort: 8080}]}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: catalog, namespace: shop}
      spec:
        selector: {app: catalog}
        ports: [{name: http, port: 8080, targetPort: http}]
      ---
      apiVersion: apps/v1
      kind: ReplicaSet
      metadata:
        name: catalog-5d8f
        namespace: shop
        labels: {app: catalog}
        ownerReferences:
        - {apiVersion: apps/v1, kind: Deployment, name: catalog, uid: u-catalog, controller: true}
      spec:
        selector: {matchLabels: {app: catalog}}
        template:
          metadata: {labels: {app: catalog}}
          spec:
            containers:
            - {name: catalog, image: catalog, ports: [{name: http, containerPort: 8080}]}
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: catalog-5d8f-x1
        namespace: shop
        labels: {app: catalog}
        ownerReferences:
        - {apiVersion: apps/v1, kind: ReplicaSet, name: catalog-5d8f, uid: u-rs, controller: true}
      spec:
        containers:
        - {name: catalog, image: catalog, ports: [{name: http, containerPort: 8080}]}
      status: {phase: Running, podIP: 10.1.0.7, podIPs: [{ip: 10.1.0.7}]}
      """;

  private static final String ENFORCE =
      """
      mode: Enforce
      learning: {minimumLearningPeriod: 0s}
      """;

  private static final Set<String> ALL =
      Set.of("netseg-frontend", "netseg-checkout", "netseg-cart", "netseg-catalog");

  @BeforeEach
  void start() throws Exception {
    cluster = new MockCluster(client, "shop");
    cluster.apply(APP);
    runtime = MockCluster.startOperator(client, Set.of());
  }

  @AfterEach
  void stop() {
    runtime.close();
  }

  @Test
  void addingAServicePortUpdatesTheServerAndTheClientsOfThatPortOnly() {
    Map<String, String> before = enforced(ENFORCE);
    assertThat(yaml("netseg-cart")).doesNotContain("9090");

    var cart = client.services().inNamespace("shop").withName("cart").get();
    cart.getSpec()
        .getPorts()
        .add(
            new ServicePortBuilder()
                .withName("metrics")
                .withPort(9090)
                .withNewTargetPort("metrics")
                .build());
    client.resource(cart).update();

    // checkout declared every port of Service cart: it gains egress to 9090 and cart the matching
    // ingress; frontend named port 7070 only, so neither it nor catalog changes.
    assertChangedExactly(before, Set.of("netseg-cart", "netseg-checkout"), Set.of());
    assertThat(yaml("netseg-cart")).contains("port: \"metrics\"");
    assertThat(yaml("netseg-checkout")).contains("9090");
    assertThat(yaml("netseg-frontend")).doesNotContain("9090");
  }

  @Test
  void aNewServerWorkloadGetsItsOwnPolicyAndNoOtherChanges() {
    Map<String, String> before = enforced(ENFORCE);
    cluster.apply(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: search, namespace: shop}
        spec:
          selector: {matchLabels: {app: search}}
          template:
            metadata: {labels: {app: search}}
            spec:
              containers: [{name: search, image: search, ports: [{containerPort: 9200}]}]
        """);
    await().atMost(Duration.ofSeconds(30)).until(() -> names().contains("netseg-search"));
    assertChangedExactly(before, Set.of(), Set.of());
  }

  @Test
  void removingAWorkloadDeletesItsPolicyAndUpdatesOnlyItsPeers() {
    Map<String, String> before = enforced(ENFORCE);
    assertThat(yaml("netseg-frontend")).contains("app: \"catalog\"");

    // Pod and ReplicaSet first: while the Deployment exists they change nothing, so the
    // Deployment's deletion is the one change (an orphaned ReplicaSet would be a workload itself).
    client.pods().inNamespace("shop").withName("catalog-5d8f-x1").delete();
    client.apps().replicaSets().inNamespace("shop").withName("catalog-5d8f").delete();
    client.apps().deployments().inNamespace("shop").withName("catalog").delete();

    // The Service catalog stays but selects nothing: frontend loses its egress to catalog.
    assertChangedExactly(before, Set.of("netseg-frontend"), Set.of("netseg-catalog"));
    assertThat(yaml("netseg-frontend")).doesNotContain("catalog");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> events().stream().anyMatch(e -> e.contains("deleted netseg-catalog")));
  }

  @Test
  void deletingTheProfileLeavesNoManagedPolicyOnceItsDependentsAreCollected() throws Exception {
    enforced(ENFORCE);
    SegmentationProfile profile = cluster.profile("shop");
    String uid = profile.getMetadata().getUid();
    // A policy someone else wrote in the namespace: it must survive the profile.
    cluster.apply(
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: team-policy, namespace: shop}
        spec:
          podSelector: {matchLabels: {app: cart}}
          ingress: [{}]
        """);

    client.resource(profile).delete();
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.profile("shop") == null);
    Thread.sleep(1500);

    // Ownership is how the cluster removes the policies with their profile: every policy netseg
    // manages carries a controller owner reference to the deleted profile's UID. The CRUD mock
    // has no garbage collector, so the test does the collector's job from those references.
    List<NetworkPolicy> managed =
        cluster.policies().stream()
            .filter(p -> p.getMetadata().getLabels() != null)
            .filter(
                p -> "netseg".equals(p.getMetadata().getLabels().get(Ownership.MANAGED_BY_LABEL)))
            .toList();
    assertThat(managed)
        .extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(ALL);
    assertThat(managed)
        .allSatisfy(
            p ->
                assertThat(p.getMetadata().getOwnerReferences())
                    .singleElement()
                    .satisfies(r -> assertThat(controllerRefTo(r, uid)).isTrue()));
    PolicyProposal proposal =
        client.resources(PolicyProposal.class).inNamespace("shop").withName("shop").get();
    assertThat(proposal.getMetadata().getOwnerReferences())
        .anySatisfy(r -> assertThat(controllerRefTo(r, uid)).isTrue());
    collectGarbageOwnedBy(uid);

    Thread.sleep(1500);
    assertThat(names()).containsExactly("team-policy");
  }

  @Test
  void aChangeThatWouldBlockADeclaredFlowIsHeldAndTheAppliedPoliciesStay() throws Exception {
    // frontend declares egress to legacy, which the profile leaves alone: a namespace-wide
    // default deny would cut that flow at legacy's ingress.
    cluster.apply(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: legacy, namespace: shop}
        spec:
          selector: {matchLabels: {app: legacy}}
          template:
            metadata: {labels: {app: legacy}}
            spec:
              containers: [{name: legacy, image: legacy, ports: [{containerPort: 5000}]}]
        """);
    var frontend = client.apps().deployments().inNamespace("shop").withName("frontend").get();
    frontend.getMetadata().setAnnotations(Map.of("netseg.dev/egress", "legacy:5000"));
    client.resource(frontend).update();
    String excludeLegacy = ENFORCE + "exclude: {workloads: [legacy]}\n";
    Map<String, String> before = enforced(excludeLegacy);

    cluster.editProfile("shop", p -> p.getSpec().setDefaultDeny(true));

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> cluster.condition("shop", "Ready").map(Condition::getReason).orElse(""),
            "ChangeHeld"::equals);
    Condition safe = cluster.condition("shop", "SafeToEnforce").orElseThrow();
    assertThat(safe.getStatus()).isEqualTo("False");
    assertThat(safe.getMessage()).contains("legacy");
    // The default deny also selects legacy, which no policy of the profile governs: it cuts
    // legacy's own DNS (judged on a stand-in for the kube-dns pods), as well as frontend's
    // declared call to it.
    assertThat(cluster.profile("shop").getStatus().getBlockedFlowCount()).isEqualTo(3);
    assertThat(cluster.profile("shop").getStatus().getBlockedFlows())
        .extracting(
            b ->
                b.getSource()
                    + " -> "
                    + b.getDestination()
                    + " "
                    + b.getProtocol()
                    + " "
                    + b.getPort())
        .containsExactlyInAnyOrder(
            "shop/frontend[Deployment] -> shop/legacy[Deployment] TCP 5000",
            "shop/legacy[Deployment] -> kube-system/kube-dns[Service] TCP 53",
            "shop/legacy[Deployment] -> kube-system/kube-dns[Service] UDP 53");
    assertThat(events())
        .anySatisfy(e -> assertThat(e).startsWith("Warning ChangeHeld").contains("legacy"));
    Thread.sleep(1000);
    assertThat(resourceVersions()).isEqualTo(before);

    // Apply overrides the gate: the default deny is written although it blocks the flow.
    cluster.editProfile(
        "shop",
        apply -> {
          apply.getSpec().setSafety(new dev.netseg.operator.crd.Safety());
          apply.getSpec().getSafety().setOnBlockedFlow(dev.netseg.operator.crd.OnBlockedFlow.Apply);
        });
    await().atMost(Duration.ofSeconds(30)).until(() -> names().contains("netseg-default-deny"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                events().stream()
                    .anyMatch(e -> e.startsWith("Warning AppliedDespiteBlockedFlows")));
  }

  @Test
  void aReconcileThatChangesNothingSendsNoWrite() throws Exception {
    enforced(ENFORCE);
    var decisions = runtime.registry().timer("netseg.decision.duration");
    awaitQuiet(decisions);
    drainRequests();
    long before = decisions.count();
    // A change the profile is told about (a ConfigMap in its namespace) that changes no policy.
    cluster.apply(
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: unrelated, namespace: shop}
        data: {colour: blue}
        """);
    await().atMost(Duration.ofSeconds(30)).until(() -> decisions.count() > before);
    Thread.sleep(1500);
    List<String> writes =
        drainRequests().stream()
            .filter(r -> !r.startsWith("GET") && !r.contains("/configmaps"))
            .toList();
    assertThat(writes).as("writes of a reconcile that changes nothing").isEmpty();
  }

  @Test
  void aPodStatusChangeNetsegDoesNotReadCausesNoReconcile() throws Exception {
    enforced(ENFORCE);
    var decisions = runtime.registry().timer("netseg.decision.duration");
    awaitQuiet(decisions);
    long before = decisions.count();

    // Readiness and restarts change every few seconds in a large namespace: no reconcile.
    Pod pod = client.pods().inNamespace("shop").withName("catalog-5d8f-x1").get();
    pod.getStatus()
        .setConditions(
            List.of(
                new io.fabric8.kubernetes.api.model.PodConditionBuilder()
                    .withType("Ready")
                    .withStatus("False")
                    .build()));
    pod.getStatus()
        .setContainerStatuses(
            List.of(
                new io.fabric8.kubernetes.api.model.ContainerStatusBuilder()
                    .withName("catalog")
                    .withRestartCount(3)
                    .build()));
    client.resource(pod).update();
    Thread.sleep(2000);
    assertThat(decisions.count()).as("reconciles after a readiness change").isEqualTo(before);

    // A change netseg reads (the pod's address) reconciles: the check above could have failed.
    pod = client.pods().inNamespace("shop").withName("catalog-5d8f-x1").get();
    pod.getStatus().setPodIP("10.1.0.8");
    pod.getStatus().setPodIPs(List.of(new io.fabric8.kubernetes.api.model.PodIP("10.1.0.8")));
    client.resource(pod).update();
    await().atMost(Duration.ofSeconds(30)).until(() -> decisions.count() > before);
  }

  // --- helpers

  /** Waits until the reconciles caused by the operator's own writes have finished. */
  private static void awaitQuiet(io.micrometer.core.instrument.Timer decisions) {
    long[] last = {-1};
    await()
        .pollInterval(Duration.ofMillis(1500))
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              long now = decisions.count();
              boolean quiet = now == last[0];
              last[0] = now;
              return quiet;
            });
  }

  private List<String> drainRequests() throws InterruptedException {
    List<String> all = new java.util.ArrayList<>();
    io.fabric8.mockwebserver.http.RecordedRequest r;
    while ((r = server.takeRequest(1, java.util.concurrent.TimeUnit.MILLISECONDS)) != null) {
      all.add(r.getMethod() + " " + r.getPath());
    }
    return all;
  }

  /** Creates the profile, waits until it enforced, and returns the policies' resourceVersions. */
  private Map<String, String> enforced(String spec) {
    SegmentationProfile p =
        Serialization.unmarshal(
            """
            apiVersion: netseg.dev/v1alpha1
            kind: SegmentationProfile
            metadata: {name: shop, namespace: shop}
            spec:
            %s
            """
                .formatted(spec.indent(2)),
            SegmentationProfile.class);
    client.resource(p).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                cluster
                        .condition("shop", "Ready")
                        .map(Condition::getReason)
                        .orElse("")
                        .equals("Enforced")
                    && names().containsAll(ALL));
    return resourceVersions();
  }

  /**
   * Waits until the expected policies changed and the removed ones are gone, then checks (after a
   * moment for any stray write) that no other policy was written.
   */
  private void assertChangedExactly(
      Map<String, String> before, Set<String> changed, Set<String> deleted) {
    Predicate<Map<String, String>> done =
        now ->
            deleted.stream().noneMatch(now::containsKey)
                && changed.stream()
                    .allMatch(n -> now.containsKey(n) && !now.get(n).equals(before.get(n)));
    await().atMost(Duration.ofSeconds(30)).until(this::resourceVersions, done);
    await().pollDelay(Duration.ofMillis(1500)).until(() -> true);
    Map<String, String> after = resourceVersions();
    Set<String> rewritten =
        before.keySet().stream()
            .filter(after::containsKey)
            .filter(n -> !after.get(n).equals(before.get(n)))
            .collect(Collectors.toSet());
    Set<String> gone =
        before.keySet().stream().filter(n -> !after.containsKey(n)).collect(Collectors.toSet());
    assertThat(rewritten).as("rewritten policies").isEqualTo(changed);
    assertThat(gone).as("deleted policies").isEqualTo(deleted);
  }

  private static boolean controllerRefTo(OwnerReference r, String uid) {
    return uid.equals(r.getUid())
        && "SegmentationProfile".equals(r.getKind())
        && Boolean.TRUE.equals(r.getController());
  }

  /** What the garbage collector does for a deleted owner: delete its dependents. */
  private void collectGarbageOwnedBy(String uid) {
    for (NetworkPolicy p : cluster.policies()) {
      List<OwnerReference> refs = p.getMetadata().getOwnerReferences();
      if (refs != null && refs.stream().anyMatch(r -> uid.equals(r.getUid()))) {
        client.resource(p).delete();
      }
    }
  }

  private Set<String> names() {
    return cluster.policies().stream()
        .map(p -> p.getMetadata().getName())
        .collect(Collectors.toSet());
  }

  private Map<String, String> resourceVersions() {
    return cluster.policies().stream()
        .collect(
            Collectors.toMap(
                p -> p.getMetadata().getName(),
                p -> p.getMetadata().getResourceVersion(),
                (a, b) -> a,
                TreeMap::new));
  }

  private String yaml(String policy) {
    return Serialization.asYaml(
        client
            .network()
            .v1()
            .networkPolicies()
            .inNamespace("shop")
            .withName(policy)
            .get()
            .getSpec());
  }

  /** The profile's events as "type reason message". */
  private List<String> events() {
    return client.v1().events().inNamespace("shop").list().getItems().stream()
        .filter(e -> "shop".equals(e.getInvolvedObject().getName()))
        .map((Event e) -> e.getType() + " " + e.getReason() + " " + e.getMessage())
        .toList();
  }
}
