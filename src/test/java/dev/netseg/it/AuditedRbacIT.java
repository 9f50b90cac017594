package dev.netseg.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netseg.flows.relay.proto.GetFlowsRequest;
import dev.netseg.flows.relay.proto.GetFlowsResponse;
import dev.netseg.flows.relay.proto.ObserverGrpc;
import dev.netseg.operator.crd.LearnedEdges;
import dev.netseg.operator.crd.PolicyProposal;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The chart's RBAC, checked both ways against what the operator really calls: {@code helm install}
 * with every feature on (two replicas with leader election, the flow endpoint with TokenReview, a
 * Hubble Relay stand-in, edges persisted every 2 s), the replicas run as processes as the chart's
 * ServiceAccount (see {@link OperatorReplica}), every kind of write made to happen, then the API
 * server's audit log compared with the rules the chart bound to that ServiceAccount: a call without
 * a rule fails the test, and so does a rule nobody called unless {@link
 * dev.netseg.operator.ApiAccess} says why it stays (and the chart's {@code _rbac.tpl} says so too).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditedRbacIT {
  private static final String RELEASE = "netseg-operator";
  private static final String NAMESPACE = "netseg-system";
  private static final Duration WAIT = Duration.ofSeconds(60);

  /** Calls every authenticated user may make (the API server's default roles grant them). */
  private static final Set<String> ALLOWED_TO_EVERYONE =
      Set.of(
          "authorization.k8s.io/selfsubjectrulesreviews create",
          "authorization.k8s.io/selfsubjectaccessreviews create",
          "authentication.k8s.io/selfsubjectreviews create");

  private ApiServerFixture api;
  private KubernetesClient admin;
  private Server relay;
  private final List<OperatorReplica> replicas = new java.util.ArrayList<>();

  @AfterAll
  void stop() throws InterruptedException {
    replicas.forEach(OperatorReplica::close);
    if (relay != null) {
      relay.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (api != null) {
      api.close();
    }
  }

  @Test
  void everyCallHasARuleAndEveryRuleIsCalledOrJustified() throws Exception {
    api = ApiServerFixture.start(ApiServerExtension.workRoot().resolve("rbac-audit"));
    admin = api.admin();
    String monitoring = api.createNamespace("monitoring");
    admin
        .serviceAccounts()
        .inNamespace(monitoring)
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName("flow-exporter")
                .endMetadata()
                .build())
        .create();
    relay = relayStandIn();
    HelmRelease release =
        HelmRelease.install(
            api,
            RELEASE,
            NAMESPACE,
            """
            edgeFlushInterval: PT2S
            flowIngestion:
              enabled: true
              allowed: [system:serviceaccount:%s:flow-exporter]
            hubbleRelay:
              address: 127.0.0.1:%d
            """
                .formatted(monitoring, relay.getPort()));
    TwoNamespaceApp app = TwoNamespaceApp.install(api, "audit", "10.246.0.");
    String observing = api.createNamespace("audit-observe");
    app.apply(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: report, namespace: %1$s}
        spec:
          selector: {matchLabels: {app: report}}
          template:
            metadata: {labels: {app: report}}
            spec:
              containers:
                - name: r
                  image: r
                  env: [{name: CATALOG, value: "catalog.%2$s:80"}]
        ---
        apiVersion: netseg.dev/v1alpha1
        kind: SegmentationProfile
        metadata: {name: app, namespace: %1$s}
        spec: {mode: Observe}
        """
            .formatted(observing, app.api()));

    OperatorReplica first = OperatorReplica.start(api, release, RELEASE + "-5f7c9d6b8-a0");
    OperatorReplica second = OperatorReplica.start(api, release, RELEASE + "-5f7c9d6b8-a1");
    replicas.addAll(List.of(first, second));
    await("a leader").atMost(WAIT).until(() -> leader(first, second) != null);
    OperatorReplica leader = leader(first, second);
    await("policies at both ends").atMost(WAIT).until(() -> app.policyVersions().size() >= 2);
    await("the Observe profile's proposal")
        .atMost(WAIT)
        .until(
            () ->
                admin.resources(PolicyProposal.class).inNamespace(observing).withName("app").get()
                    != null);

    // Learning over HTTP: a collector's token is reviewed, the edge is learned and persisted.
    String token = api.serviceAccountToken(monitoring, "flow-exporter");
    String line =
        "{\"time\":\"%s\",\"src\":{\"namespace\":\"%s\",\"pod\":\"catalog-%s-p0\"},\"dst\":{\"namespace\":\"%s\",\"pod\":\"frontend-%s-p0\"},\"port\":8080}\n"
            .formatted(
                Instant.now(),
                app.api(),
                StandInControllers.HASH,
                app.web(),
                StandInControllers.HASH);
    await("the leader takes flows")
        .atMost(WAIT)
        .until(() -> post(leader.port("flow-ingest"), token, line), code -> code == 200);
    await("the learned edge is persisted")
        .atMost(WAIT)
        .until(() -> !learnedEdges(app.web()).isEmpty());
    // A second edge: the next flush writes a newer epoch and deletes the older one.
    String firstEpoch = learnedEdges(app.web()).get(0).getSpec().getEpoch();
    assertThat(post(leader.port("flow-ingest"), token, line.replace(":8080}", ":9090}")))
        .isEqualTo(200);
    await("a newer epoch replaces the first")
        .atMost(WAIT)
        .until(
            () ->
                learnedEdges(app.web()).stream()
                    .noneMatch(e -> e.getSpec().getEpoch().equals(firstEpoch)));

    // A policy deleted behind the operator's back comes back; twice, so that the same event
    // is recorded again.
    String managed = app.policyVersions().keySet().iterator().next();
    for (int i = 0; i < 2; i++) {
      String[] nsName = managed.split("/");
      admin.network().v1().networkPolicies().inNamespace(nsName[0]).withName(nsName[1]).delete();
      await("the policy comes back")
          .atMost(WAIT)
          .until(() -> app.policyVersions().containsKey(managed));
    }
    // A workload that goes away takes its policy with it.
    admin.apps().deployments().inNamespace(app.web()).withName("frontend").delete();
    admin.pods().inNamespace(app.web()).delete();
    await("the frontend's policy is deleted")
        .atMost(WAIT)
        .until(() -> !app.policyVersions().containsKey(app.web() + "/netseg-frontend"));

    // The leader stops: edges flushed, Lease released.
    leader.terminate();
    assertThat(leader.awaitExit(Duration.ofSeconds(10))).as(leader.logTail()).isPresent();
    OperatorReplica other = leader == first ? second : first;
    await("the other replica leads").atMost(WAIT).until(() -> leader(first, second) == other);

    Map<String, Set<String>> called = calls(release.user());
    Set<String> granted = granted(release.user());
    assertThat(called.keySet())
        .as("calls without a rule (call -> request URIs): %s", called)
        .allMatch(c -> granted.contains(c) || ALLOWED_TO_EVERYONE.contains(c));
    assertThat(forbidden(release.user())).as("requests the API server refused").isEmpty();
    Set<String> uncalled = new TreeSet<>(granted);
    uncalled.removeAll(called.keySet());
    assertThat(uncalled)
        .as("rules granted but never called, and not justified in ApiAccess.UNCALLED")
        .isSubsetOf(dev.netseg.operator.ApiAccess.UNCALLED.keySet());
  }

  private List<LearnedEdges> learnedEdges(String namespace) {
    return admin.resources(LearnedEdges.class).inNamespace(namespace).list().getItems();
  }

  private OperatorReplica leader(OperatorReplica... candidates) {
    var lease = admin.leases().inNamespace(NAMESPACE).withName(RELEASE).get();
    if (lease == null) {
      return null;
    }
    for (OperatorReplica r : candidates) {
      if (r.podName().equals(lease.getSpec().getHolderIdentity()) && r.alive()) {
        return r;
      }
    }
    return null;
  }

  private static int post(int port, String token, String body) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/flows"))
                  .header("Authorization", "Bearer " + token)
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** A stand-in for Hubble Relay: streams are accepted and stay open, with one first message. */
  private static Server relayStandIn() throws IOException {
    return NettyServerBuilder.forPort(0)
        .addService(
            new ObserverGrpc.ObserverImplBase() {
              @Override
              public void getFlows(
                  GetFlowsRequest request, StreamObserver<GetFlowsResponse> responses) {
                responses.onNext(GetFlowsResponse.getDefaultInstance());
              }
            })
        .build()
        .start();
  }

  /** {@code group/resource[/subresource] verb} of each call by {@code user}, with its URIs. */
  private Map<String, Set<String>> calls(String user) {
    Map<String, Set<String>> calls = new TreeMap<>();
    for (JsonNode e : api.auditEvents()) {
      if (!user.equals(e.path("user").path("username").asText()) || !e.hasNonNull("objectRef")) {
        continue;
      }
      String uri = e.path("verb").asText() + " " + e.path("requestURI").asText();
      calls.computeIfAbsent(call(e), k -> new TreeSet<>()).add(uri);
      // A server-side apply that creates the object is authorized as create as well as patch.
      if (e.path("verb").asText().equals("patch")
          && e.path("responseStatus").path("code").asInt() == 201) {
        calls
            .computeIfAbsent(call(e).replaceAll(" patch$", " create"), k -> new TreeSet<>())
            .add(uri);
      }
    }
    return calls;
  }

  private List<String> forbidden(String user) {
    return api.auditEvents().stream()
        .filter(e -> user.equals(e.path("user").path("username").asText()))
        .filter(e -> e.path("responseStatus").path("code").asInt() == 403)
        .map(e -> e.path("verb").asText() + " " + e.path("requestURI").asText())
        .toList();
  }

  private static String call(JsonNode event) {
    JsonNode ref = event.path("objectRef");
    String resource = ref.path("resource").asText();
    if (!ref.path("subresource").asText().isEmpty()) {
      resource += "/" + ref.path("subresource").asText();
    }
    return ref.path("apiGroup").asText() + "/" + resource + " " + event.path("verb").asText();
  }

  /** {@code group/resource verb} of every rule bound to {@code user}, in any namespace. */
  private Set<String> granted(String user) {
    Set<String> granted = new TreeSet<>();
    for (ClusterRoleBinding b : admin.rbac().clusterRoleBindings().list().getItems()) {
      if (binds(b.getSubjects(), user)) {
        rules(b.getRoleRef(), null).forEach(r -> add(granted, r));
      }
    }
    for (RoleBinding b : admin.rbac().roleBindings().inAnyNamespace().list().getItems()) {
      if (binds(b.getSubjects(), user)) {
        rules(b.getRoleRef(), b.getMetadata().getNamespace()).forEach(r -> add(granted, r));
      }
    }
    return granted;
  }

  private static boolean binds(List<Subject> subjects, String user) {
    return subjects != null
        && subjects.stream()
            .anyMatch(
                s ->
                    "ServiceAccount".equals(s.getKind())
                        && user.equals(
                            "system:serviceaccount:" + s.getNamespace() + ":" + s.getName()));
  }

  private List<PolicyRule> rules(RoleRef ref, String namespace) {
    return "ClusterRole".equals(ref.getKind())
        ? admin.rbac().clusterRoles().withName(ref.getName()).get().getRules()
        : admin.rbac().roles().inNamespace(namespace).withName(ref.getName()).get().getRules();
  }

  private static void add(Set<String> granted, PolicyRule rule) {
    for (String group : rule.getApiGroups()) {
      for (String resource : rule.getResources()) {
        for (String verb : rule.getVerbs()) {
          granted.add(group + "/" + resource + " " + verb);
        }
      }
    }
  }
}
