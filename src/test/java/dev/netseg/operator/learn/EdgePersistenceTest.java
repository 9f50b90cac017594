package dev.netseg.operator.learn;

import static dev.netseg.operator.learn.TestPods.deploymentPod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.flows.EdgeCodec;
import dev.netseg.flows.EdgeSnapshot;
import dev.netseg.operator.OperatorMetrics;
import dev.netseg.operator.apply.WriteMode;
import dev.netseg.operator.crd.LearnedEdges;
import dev.netseg.testing.TestClock;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class EdgePersistenceTest {
  private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
  private static final String HTTP = FlowSourceNames.HTTP;

  /** Small chunks, so that every profile's edges take several objects. */
  private static final int CHUNK_BYTES = 200;

  KubernetesMockServer server;
  KubernetesClient client;

  private final TestClock clock = new TestClock(T0.plus(Duration.ofHours(2)));
  private final List<ProfileRef> profiles =
      new ArrayList<>(
          List.of(
              new ProfileRef("shop", "p1", "uid-p1", Optional.of(Duration.ofDays(30))),
              new ProfileRef("db", "p2", "uid-p2", Optional.of(Duration.ofDays(30)))));

  private static final List<Pod> PODS =
      List.of(
          deploymentPod("shop", "web", "web-5d8f-a", "10.0.0.5", T0),
          deploymentPod("shop", "api", "api-5d8f-a", "10.0.0.6", T0),
          deploymentPod("db", "pg", "pg-5d8f-a", "10.0.1.7", T0),
          deploymentPod("db", "redis", "redis-5d8f-a", "10.0.1.8", T0));

  /** A fresh operator's learning, with the pods it would see from its informer. */
  private FlowLearning learning() {
    FlowLearning l =
        new FlowLearning(
            Set.of(HTTP),
            ns -> ns.equals("shop") || ns.equals("db"),
            new OperatorMetrics(new SimpleMeterRegistry()),
            clock);
    l.observePods(PODS, T0);
    return l;
  }

  private EdgePersistence persistence(KubernetesClient c, FlowLearning l, WriteMode mode) {
    return new EdgePersistence(
        c, l.store(), () -> profiles, Set.of(), mode, new EdgeCodec(CHUNK_BYTES), clock);
  }

  private EdgePersistence persistence(FlowLearning l) {
    return persistence(client, l, WriteMode.CREATE_OR_UPDATE);
  }

  /** Records between the pods, to outside addresses with names, and blocked attempts. */
  private static List<String> records(int n, long seed) {
    Random random = new Random(seed);
    String[] pods = {
      "shop\",\"pod\":\"web-5d8f-a",
      "shop\",\"pod\":\"api-5d8f-a",
      "db\",\"pod\":\"pg-5d8f-a",
      "db\",\"pod\":\"redis-5d8f-a"
    };
    String[] ips = {"10.0.0.5", "10.0.0.6", "10.0.1.7", "10.0.1.8"};
    String[] verdicts = {"FORWARDED", "FORWARDED", "FORWARDED", "DROPPED", "AUDIT"};
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String src =
          random.nextBoolean()
              ? "{\"ip\":\"" + ips[random.nextInt(ips.length)] + "\"}"
              : "{\"namespace\":\"" + pods[random.nextInt(pods.length)] + "\"}";
      String dst =
          random.nextInt(4) == 0
              ? "{\"ip\":\"198.51.100."
                  + random.nextInt(3)
                  + "\",\"dnsNames\":[\"n"
                  + random.nextInt(3)
                  + ".example.com\"]}"
              : "{\"namespace\":\"" + pods[random.nextInt(pods.length)] + "\"}";
      lines.add(
          "{\"time\":\""
              + T0.plusSeconds(random.nextInt(3600))
              + "\",\"src\":"
              + src
              + ",\"dst\":"
              + dst
              + ",\"port\":"
              + (random.nextBoolean() ? 5432 : 8080)
              + ",\"verdict\":\""
              + verdicts[random.nextInt(verdicts.length)]
              + "\"}");
    }
    return lines;
  }

  private static void ingest(FlowLearning l, List<String> lines) {
    l.httpSink().accept("collector", lines);
  }

  private List<LearnedEdges> stored(String namespace) {
    return client.resources(LearnedEdges.class).inNamespace(namespace).list().getItems().stream()
        .sorted(Comparator.comparing(o -> o.getMetadata().getName()))
        .toList();
  }

  private static Set<String> epochs(List<LearnedEdges> objects) {
    return Set.copyOf(objects.stream().map(o -> o.getSpec().getEpoch()).toList());
  }

  @Test
  void aRestartInTheMiddleOfLearningLosesNoEdge() {
    List<String> first = records(300, 1);
    List<String> second = records(300, 2);
    FlowLearning before = learning();
    ingest(before, first);
    EdgePersistence.FlushResult flushed = persistence(before).flushNow();
    assertThat(flushed.written()).isEqualTo(2);
    assertThat(stored("shop")).hasSizeGreaterThan(1); // chunked
    EdgeSnapshot learnedBefore = before.store().snapshot();
    assertThat(learnedBefore.learned()).isNotEmpty();
    assertThat(learnedBefore.dropped()).isNotEmpty();
    assertThat(learnedBefore.audited()).isNotEmpty();

    // A new process on the same cluster.
    FlowLearning after = learning();
    EdgePersistence.LoadResult loaded = persistence(after).loadAll();
    assertThat(loaded.problems()).isEmpty();
    assertThat(loaded.profiles()).isEqualTo(2);
    assertThat(after.store().snapshot()).isEqualTo(learnedBefore);

    // Learning goes on as if nothing happened.
    ingest(after, second);
    FlowLearning uninterrupted = learning();
    ingest(uninterrupted, first);
    ingest(uninterrupted, second);
    assertThat(after.store().snapshot()).isEqualTo(uninterrupted.store().snapshot());

    // And a second restart still gets everything.
    persistence(after).flushNow();
    FlowLearning third = learning();
    persistence(third).loadAll();
    assertThat(third.store().snapshot()).isEqualTo(uninterrupted.store().snapshot());
  }

  /** A client of the same mock whose requests fail while {@code fails} says so. */
  private KubernetesClient failingWhen(Predicate<HttpRequest> fails) {
    Interceptor failing =
        new Interceptor() {
          @Override
          public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
            if (fails.test(request)) {
              throw new IllegalStateException("simulated failure");
            }
          }
        };
    return new KubernetesClientBuilder()
        .withConfig(client.getConfiguration())
        .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("failing", failing))
        .build();
  }

  @Test
  void aCrashBetweenChunkWritesLeavesThePreviousEpochToLoad() {
    AtomicInteger postsAllowed = new AtomicInteger(Integer.MAX_VALUE);
    try (KubernetesClient crashing =
        failingWhen(r -> r.method().equals("POST") && postsAllowed.getAndDecrement() <= 0)) {
      FlowLearning l = learning();
      EdgePersistence p = persistence(crashing, l, WriteMode.CREATE_OR_UPDATE);
      ingest(l, records(200, 3));
      p.flushNow();
      EdgeSnapshot firstEpoch = l.store().snapshot();
      List<LearnedEdges> epochOne = stored("shop");
      assertThat(epochs(epochOne)).containsExactly("1");

      ingest(l, records(200, 4));
      postsAllowed.set(1); // the process dies after writing one chunk of the new epoch
      EdgePersistence.FlushResult crashed = p.flushNow();
      assertThat(crashed.failed()).isEqualTo(2); // shop got one chunk out, db none
      assertThat(stored("shop")).hasSize(epochOne.size() + 1);
      assertThat(epochs(stored("shop"))).containsExactlyInAnyOrder("1", "2");
      assertThat(epochs(stored("db"))).containsExactly("1");

      FlowLearning restarted = learning();
      persistence(restarted).loadAll();
      assertThat(restarted.store().snapshot()).isEqualTo(firstEpoch);

      // The surviving process retries: a new epoch is written and every older object goes.
      postsAllowed.set(Integer.MAX_VALUE);
      assertThat(p.flushNow().written()).isEqualTo(2);
      List<LearnedEdges> now = stored("shop");
      assertThat(epochs(now)).containsExactly("3");
      assertThat(now).allSatisfy(o -> assertThat(o.getSpec().getChunks()).isEqualTo(now.size()));
      FlowLearning again = learning();
      persistence(again).loadAll();
      assertThat(again.store().snapshot()).isEqualTo(l.store().snapshot());
    }
  }

  @Test
  void nothingChangedMeansNoRequestAtAll() {
    FlowLearning l = learning();
    EdgePersistence p = persistence(l);
    assertThat(p.flushNow().written()).isZero(); // nothing learned yet: nothing to store
    assertThat(server.getRequestCount()).isZero();

    ingest(l, records(100, 5));
    assertThat(p.flushNow().written()).isEqualTo(2);
    int afterWrite = server.getRequestCount();
    assertThat(p.flushNow()).isEqualTo(new EdgePersistence.FlushResult(0, 2, 0, 0));
    assertThat(server.getRequestCount()).isEqualTo(afterWrite);

    // A restarted operator that learned nothing new writes nothing either.
    FlowLearning restarted = learning();
    EdgePersistence q = persistence(restarted);
    q.loadAll();
    int afterLoad = server.getRequestCount();
    assertThat(q.flushNow().written()).isZero();
    assertThat(server.getRequestCount()).isEqualTo(afterLoad);

    // A record touching only db rewrites only db's profile.
    restarted
        .httpSink()
        .accept(
            "c",
            List.of(
                "{\"time\":\"2026-11-01T10:30:00Z\",\"src\":{\"ip\":\"203.0.113.1\"},"
                    + "\"dst\":{\"namespace\":\"db\",\"pod\":\"pg-5d8f-a\"},\"port\":5432}"));
    assertThat(q.flushNow()).isEqualTo(new EdgePersistence.FlushResult(1, 1, 0, 0));
    assertThat(epochs(stored("shop"))).containsExactly("1");
    assertThat(epochs(stored("db"))).containsExactly("2");
  }

  @Test
  void chunksAreOwnedByTheProfileLabelledAndNamedBySlot() {
    FlowLearning l = learning();
    EdgePersistence p = persistence(l);
    ingest(l, records(200, 6));
    p.flushNow();
    List<LearnedEdges> first = stored("shop");
    assertThat(first).hasSizeGreaterThan(1);
    for (int i = 0; i < first.size(); i++) {
      LearnedEdges o = first.get(i);
      assertThat(o.getMetadata().getName()).isEqualTo("p1-edges-" + i);
      assertThat(o.getMetadata().getLabels())
          .isEqualTo(Map.of("app.kubernetes.io/managed-by", "netseg", "netseg.dev/profile", "p1"));
      OwnerReference owner = o.getMetadata().getOwnerReferences().get(0);
      assertThat(owner.getKind()).isEqualTo("SegmentationProfile");
      assertThat(owner.getApiVersion()).isEqualTo("netseg.dev/v1alpha1");
      assertThat(owner.getName()).isEqualTo("p1");
      assertThat(owner.getUid()).isEqualTo("uid-p1");
      assertThat(o.getSpec().getProfile()).isEqualTo("p1");
      assertThat(o.getSpec().getChunks()).isEqualTo(first.size());
    }
    assertThat(first.stream().map(o -> o.getSpec().getChunk()).sorted().toList())
        .isEqualTo(java.util.stream.IntStream.range(0, first.size()).boxed().toList());

    // The next epoch goes to free slots; the old ones are deleted once it is complete.
    ingest(l, records(50, 7));
    p.flushNow();
    List<LearnedEdges> second = stored("shop");
    assertThat(epochs(second)).containsExactly("2");
    assertThat(second)
        .extracting(o -> o.getMetadata().getName())
        .doesNotContainAnyElementsOf(first.stream().map(o -> o.getMetadata().getName()).toList());
  }

  @Test
  void edgesExpireAfterTheLongestRetentionOfTheProfiles() {
    profiles.set(0, new ProfileRef("shop", "p1", "uid-p1", Optional.of(Duration.ofHours(1))));
    profiles.set(1, new ProfileRef("db", "p2", "uid-p2", Optional.of(Duration.ofHours(3))));
    FlowLearning l = learning();
    EdgePersistence p = persistence(l);
    ingest(l, records(100, 8)); // seen between T0 and T0+1h
    int edges = l.store().size();

    clock.set(T0.plus(Duration.ofHours(3))); // within db's retention
    assertThat(p.flushNow().expired()).isZero();
    assertThat(l.store().size()).isEqualTo(edges);

    // A profile whose retention is unknown (invalid spec) keeps everything.
    profiles.set(1, new ProfileRef("db", "p2", "uid-p2", Optional.empty()));
    clock.set(T0.plus(Duration.ofDays(2)));
    assertThat(p.flushNow().expired()).isZero();

    profiles.set(1, new ProfileRef("db", "p2", "uid-p2", Optional.of(Duration.ofHours(3))));
    EdgePersistence.FlushResult result = p.flushNow();
    assertThat(result.expired()).isEqualTo(edges);
    assertThat(result.written()).isEqualTo(2); // the now empty sets replace the stored ones
    FlowLearning restarted = learning();
    persistence(restarted).loadAll();
    assertThat(restarted.store().size()).isZero();
  }

  @Test
  void serverSideApplyModeWritesWithApplyPatches() throws Exception {
    FlowLearning l = learning();
    ingest(l, records(20, 9));
    EdgePersistence p = persistence(client, l, WriteMode.SERVER_SIDE_APPLY);
    // The CRUD mock does not implement server-side apply: the flush fails (and would be retried).
    EdgePersistence.FlushResult result = p.flushNow();
    assertThat(result.failed()).isEqualTo(2);
    var list = server.takeRequest();
    assertThat(list.getMethod()).isEqualTo("GET");
    var apply = server.takeRequest();
    assertThat(apply.getMethod()).isEqualTo("PATCH");
    assertThat(apply.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
    assertThat(apply.getPath()).contains("fieldManager=netseg").contains("force=true");
  }

  @Test
  void flushesOnTheIntervalAndOnClose() throws Exception {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    try {
      FlowLearning l = learning();
      EdgePersistence p = persistence(l);
      p.start(executor, Duration.ofMillis(50));
      ingest(l, records(50, 10));
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> !stored("shop").isEmpty());
      ingest(l, records(50, 11));
      p.close(); // the last flush happens before close returns
      FlowLearning restarted = learning();
      persistence(restarted).loadAll();
      assertThat(restarted.store().snapshot()).isEqualTo(l.store().snapshot());
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void aFailingLastFlushIsRetriedUntilTheApiServerAnswers() {
    // The first three writes fail (the API server restarting, say), then writes go through.
    AtomicInteger failuresLeft = new AtomicInteger(3);
    try (KubernetesClient flaky =
        failingWhen(r -> !r.method().equals("GET") && failuresLeft.getAndDecrement() > 0)) {
      FlowLearning l = learning();
      EdgePersistence p = persistence(flaky, l, WriteMode.CREATE_OR_UPDATE);
      ingest(l, records(100, 12));
      p.closeWithin(Duration.ofSeconds(20));
      assertThat(failuresLeft.get()).isNegative(); // the failures did happen
      FlowLearning restarted = learning();
      persistence(restarted).loadAll();
      assertThat(restarted.store().snapshot()).isEqualTo(l.store().snapshot());
    }
  }

  @Test
  void aLastFlushThatKeepsFailingGivesUpWhenItsBudgetIsSpent() {
    try (KubernetesClient down = failingWhen(r -> !r.method().equals("GET"))) {
      FlowLearning l = learning();
      EdgePersistence p = persistence(down, l, WriteMode.CREATE_OR_UPDATE);
      ingest(l, records(100, 13));
      long start = System.nanoTime();
      p.closeWithin(Duration.ofMillis(800));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(took).isBetween(Duration.ofMillis(700), Duration.ofSeconds(5));
      assertThat(stored("shop")).isEmpty();
      assertThat(stored("db")).isEmpty();
    }
  }

  @Test
  void longProfileNamesGiveValidObjectNamesAndLabelsThatStayDistinct() {
    String a = "a".repeat(240) + "-one";
    String b = "a".repeat(240) + "-two";
    for (String name : List.of(a, b)) {
      assertThat((EdgePersistence.nameBase(name) + "-edges-999999").length())
          .isLessThanOrEqualTo(253);
      assertThat(EdgePersistence.labelValue(name))
          .hasSizeLessThanOrEqualTo(63)
          .matches("[a-z0-9].*[a-z0-9]");
    }
    assertThat(EdgePersistence.nameBase(a)).isNotEqualTo(EdgePersistence.nameBase(b));
    assertThat(EdgePersistence.labelValue(a)).isNotEqualTo(EdgePersistence.labelValue(b));
    assertThat(EdgePersistence.nameBase("p1")).isEqualTo("p1");
    assertThat(EdgePersistence.labelValue("p1")).isEqualTo("p1");
  }
}
