package dev.netseg.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The default install, run as a user runs it: {@code helm install} of the chart with its default
 * values (two replicas, leader election on a Lease, a ClusterRole), then each replica of the
 * Deployment started as its own {@code java -jar netseg.jar operator} process with the container's
 * args and environment, as the chart's ServiceAccount (see {@link OperatorReplica}). The classes of
 * this tier share no API server with the others: the operator watches every namespace here.
 *
 * <p>What it shows, in the order a cluster lives it: one replica leads within the Lease duration
 * and keeps leading past its renewals; SIGTERM to the leader ends it within 5 s and hands the Lease
 * over at once, and the new leader rewrites nothing; SIGKILL is survived within the Lease duration;
 * a leader that was frozen past its Lease and wakes up exits instead of staying Ready and idle.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(OperatorProcessIT.LogsOnFailure.class)
class OperatorProcessIT {
  private static final String RELEASE = "netseg-operator";
  private static final String NAMESPACE = "netseg-system";

  /** JOSDK's defaults, which the operator uses: Lease 15 s, renew deadline 10 s, retry 2 s. */
  private static final Duration LEASE = Duration.ofSeconds(15);

  private static final Duration START = Duration.ofSeconds(60);
  private static final Pattern RECONCILED =
      Pattern.compile(
          "^operator_sdk_reconciliations_success_total\\{[^}]*\\} ([0-9.E]+)$", Pattern.MULTILINE);

  private ApiServerFixture api;
  private KubernetesClient admin;
  private HelmRelease release;
  private TwoNamespaceApp app;
  private final List<OperatorReplica> replicas = new ArrayList<>();
  private int podNumber;

  @BeforeAll
  void installTheChartWithItsDefaults() {
    api = ApiServerFixture.start(ApiServerExtension.workRoot().resolve("process-tier"));
    admin = api.admin();
    release = HelmRelease.install(api, RELEASE, NAMESPACE, "");
    app = TwoNamespaceApp.install(api, "proc", "10.245.0.");
  }

  @AfterAll
  void stopEverything() {
    replicas.forEach(OperatorReplica::close);
    if (api != null) {
      api.close();
    }
  }

  /** Starts one more pod of the Deployment, named as the ReplicaSet controller would. */
  private OperatorReplica startReplica() {
    OperatorReplica r = OperatorReplica.start(api, release, RELEASE + "-6c9f7d8b5-p" + podNumber++);
    replicas.add(r);
    return r;
  }

  private List<OperatorReplica> running() {
    return replicas.stream().filter(OperatorReplica::alive).toList();
  }

  private Optional<Lease> lease() {
    return Optional.ofNullable(admin.leases().inNamespace(NAMESPACE).withName(RELEASE).get());
  }

  private String holder() {
    return lease()
        .map(l -> l.getSpec().getHolderIdentity())
        .filter(h -> h != null && !h.isBlank())
        .orElse("");
  }

  private OperatorReplica leader() {
    String holder = holder();
    return replicas.stream()
        .filter(r -> r.podName().equals(holder))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no replica holds the Lease: '" + holder + "'"));
  }

  private static double reconciled(OperatorReplica r) {
    return r.get("/metrics")
        .map(
            response -> {
              double total = 0;
              Matcher m = RECONCILED.matcher(response.body());
              while (m.find()) {
                total += Double.parseDouble(m.group(1));
              }
              return total;
            })
        .orElse(0.0);
  }

  @Test
  @Order(1)
  void oneReplicaLeadsWithinTheLeaseDurationKeepsLeadingAndWritesThePolicies() {
    OperatorReplica first = startReplica();
    OperatorReplica second = startReplica();

    await("a Lease holder among the replicas")
        .atMost(START.plus(LEASE))
        .until(() -> holder().equals(first.podName()) || holder().equals(second.podName()));
    OperatorReplica leader = leader();
    await("policies on both ends of the cross-namespace flow")
        .atMost(START)
        .until(
            () ->
                app.policyVersions().keySet().stream().anyMatch(k -> k.startsWith(app.web()))
                    && app.policyVersions().keySet().stream()
                        .anyMatch(k -> k.startsWith(app.api())));
    ZonedDateTime acquired =
        ZonedDateTime.parse(lease().orElseThrow().getSpec().getAcquireTime().toString());
    await("the leader renews past its renew deadline")
        .atMost(LEASE.multipliedBy(3))
        .until(
            () ->
                Duration.between(
                                acquired,
                                ZonedDateTime.parse(
                                    lease().orElseThrow().getSpec().getRenewTime().toString()))
                            .compareTo(Duration.ofSeconds(12))
                        > 0
                    || !leader.alive());
    assertThat(leader.alive()).as(leader.logTail()).isTrue();
    assertThat(holder()).isEqualTo(leader.podName());
    await("both replicas ready").atMost(START).until(() -> first.ready() && second.ready());
  }

  @Test
  @Order(2)
  void sigtermEndsTheLeaderWithin5sReleasesTheLeaseAndTheNewLeaderRewritesNothing() {
    OperatorReplica leader = leader();
    OperatorReplica follower =
        running().stream().filter(r -> r != leader).findFirst().orElseThrow();
    Map<String, String> before = app.policyVersions();
    assertThat(before).isNotEmpty();

    leader.terminate();
    Optional<Integer> exit = leader.awaitExit(Duration.ofSeconds(5));
    assertThat(exit).as("exit within 5 s of SIGTERM\n" + leader.logTail()).isPresent();
    assertThat(exit.get()).as(leader.logTail()).isIn(0, 143);
    assertThat(holder()).as("the Lease is released on the way out").isNotEqualTo(leader.podName());

    await("the follower leads, well before the old Lease would have expired")
        .atMost(LEASE.minusSeconds(5))
        .until(() -> holder().equals(follower.podName()));
    await("the new leader reconciles both profiles")
        .atMost(START)
        .until(() -> reconciled(follower) >= 2);
    assertThat(app.policyVersions()).as("no policy rewritten by the takeover").isEqualTo(before);

    String deleted = before.keySet().iterator().next();
    String[] nsName = deleted.split("/");
    admin.network().v1().networkPolicies().inNamespace(nsName[0]).withName(nsName[1]).delete();
    await("the new leader puts back a policy deleted behind its back")
        .atMost(START)
        .until(() -> app.policyVersions().containsKey(deleted));
  }

  @Test
  @Order(3)
  void sigkillToTheLeaderIsSurvivedWithinTheLeaseDuration() {
    OperatorReplica spare = startReplica();
    await("the new replica is ready").atMost(START).until(spare::ready);
    OperatorReplica leader = leader();

    leader.kill();
    assertThat(leader.awaitExit(Duration.ofSeconds(10))).isPresent();
    await("another replica leads within the Lease duration and a retry")
        .atMost(LEASE.plusSeconds(10))
        .until(() -> !holder().isEmpty() && !holder().equals(leader.podName()));
    OperatorReplica next = leader();
    String[] policy = app.policyVersions().keySet().iterator().next().split("/");
    admin.network().v1().networkPolicies().inNamespace(policy[0]).withName(policy[1]).delete();
    await("the new leader acts")
        .atMost(START)
        .until(() -> app.policyVersions().containsKey(policy[0] + "/" + policy[1]));
    assertThat(next.alive()).isTrue();
  }

  @Test
  @Order(4)
  void aLeaderFrozenPastItsLeaseExitsWhenItWakesInsteadOfStayingReadyAndIdle() {
    OperatorReplica spare = startReplica();
    await("the new replica is ready").atMost(START).until(spare::ready);
    OperatorReplica leader = leader();

    leader.pause();
    try {
      await("another replica takes the Lease of the frozen leader")
          .atMost(LEASE.plusSeconds(15))
          .until(() -> !holder().isEmpty() && !holder().equals(leader.podName()));
    } finally {
      leader.resume();
    }
    await("the old leader ends (or at least stops saying it is ready)")
        .atMost(Duration.ofSeconds(20))
        .until(() -> !leader.alive() || !leader.ready());
    leader.awaitExit(Duration.ofSeconds(20)).ifPresent(code -> assertThat(code).isNotZero());
  }

  @Test
  @Order(5)
  void slowClientsOnTheProbePortDoNotStopTheProbesOfTheRunningProcess() throws Exception {
    OperatorReplica leader = leader();
    List<java.net.Socket> slow = new ArrayList<>();
    try {
      // More half-sent requests than the server has workers, each stalled after its first line.
      for (int i = 0; i < 64; i++) {
        java.net.Socket s = new java.net.Socket("127.0.0.1", leader.port("http"));
        s.getOutputStream()
            .write("GET /healthz HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        slow.add(s);
      }
      // Each probe within the kubelet's default timeout (1 s; the chart gives 3 s), as the kubelet
      // times each probe on its own.
      for (int i = 0; i < 5; i++) {
        for (String path : List.of(leader.livenessPath(), leader.readinessPath())) {
          long started = System.nanoTime();
          assertThat(leader.answer(path)).as(path + "\n" + leader.logTail()).isEqualTo("200");
          assertThat(Duration.ofNanos(System.nanoTime() - started))
              .as(path + " answered while 64 clients stall")
              .isLessThan(Duration.ofSeconds(1));
        }
      }
    } finally {
      for (java.net.Socket s : slow) {
        s.close();
      }
    }
  }

  @Test
  @Order(6)
  void aNewClientInOneNamespaceOpensTheServersIngressInTheOtherWithinSeconds() {
    OperatorReplica leader = leader();
    String policy = app.api() + "/netseg-catalog";
    assertThat(
            admin
                .network()
                .v1()
                .networkPolicies()
                .inNamespace(app.api())
                .withName("netseg-catalog")
                .get())
        .as(policy)
        .isNotNull();

    long started = System.nanoTime();
    app.apply(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: reports, namespace: %s}
        spec:
          selector: {matchLabels: {app: reports}}
          template:
            metadata: {labels: {app: reports}}
            spec:
              containers:
                - name: r
                  image: r
                  env: [{name: CATALOG, value: "catalog.%s.svc.cluster.local:80"}]
        """
            .formatted(app.web(), app.api()));
    await("the catalog's ingress admits the new client, at the other end of the new flow")
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                io.fabric8.kubernetes.client.utils.Serialization.asYaml(
                        admin
                            .network()
                            .v1()
                            .networkPolicies()
                            .inNamespace(app.api())
                            .withName("netseg-catalog")
                            .get()
                            .getSpec())
                    .contains("reports"));
    System.out.printf(
        "cross-namespace change reached the server's policy in %d ms%n",
        Duration.ofNanos(System.nanoTime() - started).toMillis());
    assertThat(leader.alive()).isTrue();
  }

  /** Prints each replica's last log lines when a test fails. */
  static final class LogsOnFailure implements TestWatcher {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      context
          .getTestInstance()
          .filter(OperatorProcessIT.class::isInstance)
          .map(OperatorProcessIT.class::cast)
          .ifPresent(t -> t.replicas.forEach(r -> System.err.println(r.logTail())));
    }
  }
}
