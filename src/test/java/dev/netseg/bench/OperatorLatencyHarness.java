package dev.netseg.bench;

import ch.qos.logback.classic.Level;
import dev.netseg.operator.MockCluster;
import dev.netseg.operator.OperatorRuntime;
import dev.netseg.operator.crd.SegmentationProfile;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator at scale on the CRUD mock API server: one Enforce profile over 2,000 workloads and
 * 10,000 pods. Measures the first enforcement, the time from a Service change to the updated policy
 * (as the watch of that policy sees it), the reconcile's decision time, and the requests the
 * operator sends for a reconcile that changes nothing, by HTTP method (it must send no write). A
 * plain main, not JMH: the quantities are latencies through informers, watches and HTTP, a handful
 * of samples each.
 *
 * <p>Usage: {@code OperatorLatencyHarness [workloads] [pods per workload] [service changes]}
 * (defaults 2000, 5, 5). See docs/performance.md for the command.
 */
public final class OperatorLatencyHarness {
  private static final String NS = "bench";
  private static final int CALLEES = 2;
  // Held so that the level set on it is not lost when java.util.logging drops an unused logger.
  private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

  public static void main(String[] args) throws Exception {
    int workloads = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int replicas = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int changes = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    quietLogs();

    KubernetesCrudDispatcher store = new NameFilteringCrudDispatcher();
    KubernetesMockServer server =
        new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), store, false);
    server.init();
    try (KubernetesClient client = server.createClient()) {
      long t0 = System.nanoTime();
      populate(client, workloads, replicas);
      System.out.printf(
          "populated %d workloads, %d pods, %d Services in %.1f s%n",
          workloads, workloads * replicas, workloads, seconds(System.nanoTime() - t0));
      drain(server);
      long heapBefore = usedHeap();

      try (OperatorRuntime runtime = MockCluster.startOperator(client, Set.of())) {
        Timer decisions = runtime.registry().timer("netseg.decision.duration");
        long t1 = System.nanoTime();
        client
            .resource(
                Serialization.unmarshal(
                    """
                    apiVersion: netseg.dev/v1alpha1
                    kind: SegmentationProfile
                    metadata: {name: all, namespace: bench}
                    spec: {mode: Enforce, learning: {minimumLearningPeriod: 0s}}
                    """,
                    SegmentationProfile.class))
            .create();
        waitFor(Duration.ofMinutes(10), () -> policyCount(client) >= workloads);
        waitFor(Duration.ofMinutes(2), () -> enforced(client));
        System.out.printf(
            "first enforcement: %d policies in %.1f s (%d decisions so far, mean %.0f ms)%n",
            policyCount(client),
            seconds(System.nanoTime() - t1),
            decisions.count(),
            decisions.mean(TimeUnit.MILLISECONDS));
        settle(decisions); // the reconciles the operator's own writes caused
        drain(server);
        System.out.printf(
            "heap: %d MB with the mock populated, %d MB more with the operator running (its"
                + " caches and state, plus the %d policies the mock now stores)%n",
            heapBefore >> 20, (usedHeap() - heapBefore) >> 20, policyCount(client));

        List<Double> latencies = new ArrayList<>();
        for (int i = 0; i < changes; i++) {
          int app = (i * 397 + 11) % workloads;
          latencies.add(serviceChangeToPolicy(client, app));
          settle(decisions);
        }
        List<Double> sorted = latencies.stream().sorted().toList();
        System.out.printf(
            "Service change -> updated policy: median %.0f ms, min %.0f, max %.0f (%s)%n",
            sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1), latencies);

        long before = decisions.count();
        double totalBefore = decisions.totalTime(TimeUnit.MILLISECONDS);
        drain(server);
        // A change in the namespace that changes no policy: an unreferenced ConfigMap.
        client
            .configMaps()
            .inNamespace(NS)
            .resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName("unrelated")
                    .withNamespace(NS)
                    .endMetadata()
                    .addToData("k", String.valueOf(System.nanoTime()))
                    .build())
            .createOr(existing -> existing.update());
        long t2 = System.nanoTime();
        waitFor(Duration.ofMinutes(2), () -> decisions.count() > before);
        double ms = seconds(System.nanoTime() - t2) * 1000;
        Thread.sleep(2000);
        Map<String, Integer> byMethod = new TreeMap<>();
        List<String> writes = new ArrayList<>();
        for (RecordedRequest r : drain(server)) {
          if (r.getPath().contains("/configmaps")) {
            continue; // the harness's own change
          }
          byMethod.merge(r.getMethod(), 1, Integer::sum);
          if (!r.getMethod().equals("GET")) {
            writes.add(r.getMethod() + " " + r.getPath());
            if (System.getProperty("bench.showWrites") != null) {
              System.out.println(r.getBody().readUtf8());
            }
          }
        }
        System.out.printf(
            "no-op reconcile: %.0f ms to the decision, decision %.0f ms; requests by method %s;"
                + " writes %s%n",
            ms, decisions.totalTime(TimeUnit.MILLISECONDS) - totalBefore, byMethod, writes);
      }
    } finally {
      server.destroy();
    }
  }

  /** Adds a port to Service app-N and waits for the watch to deliver app-N's updated policy. */
  private static double serviceChangeToPolicy(KubernetesClient client, int app) throws Exception {
    String name = app(app);
    CompletableFuture<Long> seen = new CompletableFuture<>();
    var watch =
        client
            .network()
            .v1()
            .networkPolicies()
            .inNamespace(NS)
            .withName("netseg-" + name)
            .watch(
                new Watcher<NetworkPolicy>() {
                  @Override
                  public void eventReceived(Action action, NetworkPolicy p) {
                    if (Serialization.asYaml(p.getSpec()).contains("metrics")) {
                      seen.complete(System.nanoTime());
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                });
    try {
      var service = client.services().inNamespace(NS).withName(name).get();
      service
          .getSpec()
          .getPorts()
          .add(
              new ServicePortBuilder()
                  .withName("metrics")
                  .withPort(9090)
                  .withNewTargetPort("metrics")
                  .build());
      long start = System.nanoTime();
      client.resource(service).update();
      return (seen.get(5, TimeUnit.MINUTES) - start) / 1e6;
    } finally {
      watch.close();
    }
  }

  /**
   * Deployments app-0..N-1 with a ReplicaSet and {@code replicas} running pods each, a Service per
   * app, and each app calling the next {@value #CALLEES} apps' Services (env references), so every
   * policy has ingress and egress rules. The callers name the Service without a port, so a new
   * Service port changes the server's ingress and its callers' egress.
   */
  private static void populate(KubernetesClient client, int workloads, int replicas) {
    client
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(NS)
                .addToLabels("kubernetes.io/metadata.name", NS)
                .endMetadata()
                .build())
        .create();
    // Over HTTP, as a client would create them (NameFilteringCrudDispatcher keeps this linear).
    for (int i = 0; i < workloads; i++) {
      for (HasMetadata o : objectsOf(i, workloads, replicas)) {
        client.resource(o).create();
      }
    }
  }

  private static List<HasMetadata> objectsOf(int app, int workloads, int replicas) {
    String name = app(app);
    List<io.fabric8.kubernetes.api.model.EnvVar> env = new ArrayList<>();
    for (int c = 1; c <= CALLEES; c++) {
      env.add(
          new io.fabric8.kubernetes.api.model.EnvVar(
              "CALLEE_" + c + "_HOST", app((app + c) % workloads), null));
    }
    PodTemplateSpec template =
        new PodTemplateSpecBuilder()
            .withNewMetadata()
            .addToLabels("app", name)
            .endMetadata()
            .withNewSpec()
            .withContainers(
                new ContainerBuilder()
                    .withName("main")
                    .withImage("registry.example/" + name + ":1")
                    .addNewPort()
                    .withName("http")
                    .withContainerPort(8080)
                    .endPort()
                    .addNewPort()
                    .withName("metrics")
                    .withContainerPort(9090)
                    .endPort()
                    .withEnv(env)
                    .build())
            .endSpec()
            .build();
    List<HasMetadata> out = new ArrayList<>();
    out.add(
        new DeploymentBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(NS)
            .withUid("uid-" + name)
            .endMetadata()
            .withNewSpec()
            .withReplicas(replicas)
            .withNewSelector()
            .addToMatchLabels("app", name)
            .endSelector()
            .withTemplate(template)
            .endSpec()
            .build());
    String rs = name + "-7d9c";
    out.add(
        new ReplicaSetBuilder()
            .withNewMetadata()
            .withName(rs)
            .withNamespace(NS)
            .addToLabels("app", name)
            .withOwnerReferences(controller("apps/v1", "Deployment", name))
            .endMetadata()
            .withNewSpec()
            .withReplicas(replicas)
            .withNewSelector()
            .addToMatchLabels("app", name)
            .endSelector()
            .withTemplate(template)
            .endSpec()
            .build());
    for (int r = 0; r < replicas; r++) {
      int ip = app * replicas + r;
      out.add(
          new PodBuilder()
              .withNewMetadata()
              .withName(rs + "-" + r)
              .withNamespace(NS)
              .addToLabels("app", name)
              .withOwnerReferences(controller("apps/v1", "ReplicaSet", rs))
              .endMetadata()
              .withSpec(template.getSpec())
              .withNewStatus()
              .withPhase("Running")
              .withPodIP("10.%d.%d.%d".formatted(16 + ip / 65536, (ip / 256) % 256, ip % 256))
              .endStatus()
              .build());
    }
    out.add(
        new ServiceBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(NS)
            .endMetadata()
            .withNewSpec()
            .addToSelector("app", name)
            .withPorts(
                new ServicePortBuilder()
                    .withName("http")
                    .withPort(80)
                    .withNewTargetPort("http")
                    .build())
            .endSpec()
            .build());
    return out;
  }

  private static OwnerReference controller(String apiVersion, String kind, String name) {
    return new OwnerReferenceBuilder()
        .withApiVersion(apiVersion)
        .withKind(kind)
        .withName(name)
        .withUid("uid-" + name)
        .withController(true)
        .build();
  }

  private static String app(int i) {
    return "app-%04d".formatted(i);
  }

  private static int policyCount(KubernetesClient client) {
    return client.network().v1().networkPolicies().inNamespace(NS).list().getItems().size();
  }

  private static boolean enforced(KubernetesClient client) {
    SegmentationProfile p =
        client.resources(SegmentationProfile.class).inNamespace(NS).withName("all").get();
    return p.getStatus() != null
        && p.getStatus().getConditions() != null
        && p.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals("Ready") && c.getReason().equals("Enforced"));
  }

  private static List<RecordedRequest> drain(KubernetesMockServer server)
      throws InterruptedException {
    List<RecordedRequest> all = new ArrayList<>();
    RecordedRequest r;
    while ((r = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
      all.add(r);
    }
    return all;
  }

  /**
   * Waits until no decision has been made for three decision-times (at least 3 s), so that a
   * measurement does not start while the previous change is still being reconciled.
   */
  private static void settle(Timer decisions) throws InterruptedException {
    long quiet = Math.max(3000, (long) (3 * decisions.mean(TimeUnit.MILLISECONDS)));
    long seen = decisions.count();
    long since = System.nanoTime();
    while ((System.nanoTime() - since) / 1_000_000 < quiet) {
      Thread.sleep(100);
      if (decisions.count() != seen) {
        seen = decisions.count();
        since = System.nanoTime();
      }
    }
  }

  private static void waitFor(Duration max, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out after " + max);
      }
      Thread.sleep(50);
    }
  }

  /** Used heap after a full collection, the lowest of three tries. */
  private static long usedHeap() throws InterruptedException {
    long lowest = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
      Runtime rt = Runtime.getRuntime();
      lowest = Math.min(lowest, rt.totalMemory() - rt.freeMemory());
    }
    return lowest;
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  /** The mock logs every request, the operator every applied policy: both drown the figures. */
  private static void quietLogs() {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(Level.WARN);
  }
}
