package dev.netseg.operator.learn;

import static dev.netseg.operator.learn.TestPods.barePod;
import static dev.netseg.operator.learn.TestPods.deploymentPod;
import static dev.netseg.operator.learn.TestPods.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netseg.flows.LearnedEdge;
import dev.netseg.flows.UnresolvedReason;
import dev.netseg.model.Peer;
import dev.netseg.model.Provenance;
import dev.netseg.model.RequiredFlow;
import dev.netseg.operator.OperatorMetrics;
import dev.netseg.policy.Protocol;
import dev.netseg.testing.TestClock;
import dev.netseg.workload.WorkloadRef;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlowLearningTest {
  private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
  private static final String HTTP = FlowSourceNames.HTTP;
  private static final WorkloadRef WEB = new WorkloadRef("shop", "web", "Deployment");
  private static final WorkloadRef API = new WorkloadRef("shop", "api", "Deployment");
  private static final WorkloadRef PG = new WorkloadRef("db", "pg", "Deployment");

  private FlowLearning learning = learningAt(T0);

  /** The learner with its clock at {@code now}: records dated after now + 5 min are refused. */
  private static FlowLearning learningAt(Instant now) {
    return new FlowLearning(
        Set.of(HTTP),
        ns -> ns.equals("shop") || ns.equals("db"),
        new OperatorMetrics(new SimpleMeterRegistry()),
        Clock.fixed(now, ZoneOffset.UTC),
        Duration.ofMinutes(30));
  }

  private void ingest(String... lines) {
    learning.httpSink().accept("collector", List.of(lines));
  }

  private static Peer.WorkloadPeer peer(WorkloadRef ref) {
    return new Peer.WorkloadPeer(ref);
  }

  private List<Peer> learnedSources() {
    return learning.store().snapshot().learned().stream().map(LearnedEdge::source).toList();
  }

  @Test
  void observedGivesForwardedEdgesAsRequiredFlowsWithEvidenceAndAttemptsApart() {
    learning.observePods(
        List.of(
            deploymentPod("shop", "web", "web-5d8f-a", "10.0.0.5", T0),
            deploymentPod("db", "pg", "pg-5d8f-a", "10.0.1.7", T0)),
        T0);
    Instant t1 = T0.plusSeconds(60);
    Instant t2 = T0.plusSeconds(120);
    ingest(
        line(t1, "10.0.0.5", "db", "pg-5d8f-a", 5432),
        line(t2, "10.0.0.5", "db", "pg-5d8f-a", 5432),
        line(t2, "10.0.0.5", "db", "pg-5d8f-a", 6379, "DROPPED"),
        line(t2, "10.0.0.5", "db", "pg-5d8f-a", 9187, "AUDIT"));

    RequiredFlow expected =
        new RequiredFlow(
            peer(WEB),
            peer(PG),
            Protocol.TCP,
            5432,
            List.of(new Provenance(Provenance.Source.OBSERVED, "http")));
    Instant now = T0.plus(Duration.ofHours(1));
    assertThat(learning.observed("shop", Duration.ofDays(1), now)).containsExactly(expected);
    assertThat(learning.observed("db", Duration.ofDays(1), now)).containsExactly(expected);
    assertThat(learning.observed("other", Duration.ofDays(1), now)).isEmpty();
    assertThat(learning.edges("shop")).isEqualTo(1);
    assertThat(learning.edges("other")).isZero();

    AttemptedEdges attempted = learning.attempted("shop");
    assertThat(attempted.dropped()).extracting(LearnedEdge::port).containsExactly(6379);
    assertThat(attempted.audited()).extracting(LearnedEdge::port).containsExactly(9187);
    assertThat(learning.attempted("other").size()).isZero();
  }

  @Test
  void observedLeavesOutEdgesLastSeenBeforeTheRetention() {
    learning.observePods(
        List.of(
            deploymentPod("shop", "web", "web-5d8f-a", "10.0.0.5", T0),
            deploymentPod("db", "pg", "pg-5d8f-a", "10.0.1.7", T0)),
        T0);
    ingest(line(T0.plusSeconds(60), "10.0.0.5", "db", "pg-5d8f-a", 5432));
    Instant now = T0.plus(Duration.ofHours(2));
    assertThat(learning.observed("shop", Duration.ofHours(3), now)).hasSize(1);
    assertThat(learning.observed("shop", Duration.ofMinutes(118), now)).isEmpty();
    assertThat(learning.observed("shop", Duration.ofSeconds(Long.MAX_VALUE), now)).hasSize(1);
  }

  @Test
  void resolvesAnAddressToThePodThatHeldItAtTheTimeEvenAfterItWasReused() {
    learning = learningAt(T0.plus(Duration.ofMinutes(20))); // the records come at the end
    Pod db = deploymentPod("db", "pg", "pg-5d8f-a", "10.0.1.7", T0);
    learning.observePods(
        List.of(deploymentPod("shop", "web", "web-5d8f-a", "10.0.0.5", T0), db), T0);
    learning.observePods(
        List.of(deploymentPod("shop", "web", "web-5d8f-a", "10.0.0.5", T0), db),
        T0.plus(Duration.ofMinutes(10)));
    // web's pod is gone; api's pod got its address at 15m.
    learning.observePods(
        List.of(
            deploymentPod("shop", "api", "api-5d8f-a", "10.0.0.5", T0.plus(Duration.ofMinutes(15))),
            db),
        T0.plus(Duration.ofMinutes(20)));

    ingest(line(T0.plus(Duration.ofMinutes(5)), "10.0.0.5", "db", "pg-5d8f-a", 5432));
    assertThat(learnedSources()).containsExactly(peer(WEB));
    ingest(line(T0.plus(Duration.ofMinutes(16)), "10.0.0.5", "db", "pg-5d8f-a", 5432));
    assertThat(learnedSources()).containsExactly(peer(API), peer(WEB));
    // Between web's last sighting and api's start the address was nobody's: an outside address.
    ingest(line(T0.plus(Duration.ofMinutes(12)), "10.0.0.5", "db", "pg-5d8f-a", 5432));
    assertThat(learnedSources()).hasSize(3).last().isInstanceOf(Peer.ExternalPeer.class);
  }

  @Test
  void aPodThatDisappearedResolvesByNameUntilItsMemoryEnds() {
    String byName =
        "{\"time\":\"%s\",\"src\":{\"namespace\":\"shop\",\"pod\":\"web-5d8f-a\"},"
            + "\"dst\":{\"ip\":\"203.0.113.9\"},\"port\":443}";
    learning.observePods(List.of(deploymentPod("shop", "web", "web-5d8f-a", "10.0.0.5", T0)), T0);
    learning.observePods(List.of(), T0.plus(Duration.ofMinutes(10)));
    ingest(byName.formatted(T0.plusSeconds(30)));
    assertThat(learnedSources()).containsExactly(peer(WEB));

    learning.observePods(List.of(), T0.plus(Duration.ofMinutes(41))); // 31 minutes after last seen
    ingest(byName.formatted(T0.plusSeconds(31)));
    assertThat(learning.stats(HTTP).count(UnresolvedReason.UNKNOWN_POD)).isEqualTo(1);
    assertThat(learning.unresolvedRecords()).isEqualTo(1);
  }

  @Test
  void countsRecordsOutsideTheScopeAsUnresolved() {
    ingest(
        "{\"time\":\"2026-11-01T10:00:00Z\",\"src\":{\"namespace\":\"other\",\"pod\":\"x\"},"
            + "\"dst\":{\"ip\":\"203.0.113.9\"},\"port\":443}");
    assertThat(learning.stats(HTTP).count(UnresolvedReason.OUT_OF_SCOPE)).isEqualTo(1);
    assertThat(learning.unresolvedRecords()).isEqualTo(1);
    assertThat(learning.store().size()).isZero();
  }

  @Test
  void mapsACronJobsPodsToTheCronJobOnceItsControllersAreKnown() {
    Pod pod =
        new PodBuilder(barePod("shop", "backup-28391-x7k2p", "10.0.0.9", T0))
            .editMetadata()
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion("batch/v1")
                    .withKind("Job")
                    .withName("backup-28391")
                    .withUid("job-uid")
                    .withController(true)
                    .build())
            .endMetadata()
            .build();
    String line = line(T0.plusSeconds(5), "10.0.0.9", "shop", "backup-28391-x7k2p", 8443);
    learning.observePods(List.of(pod), T0);
    ingest(line);
    assertThat(learnedSources())
        .containsExactly(peer(new WorkloadRef("shop", "backup-28391", "Job")));

    learning.observeControllers(
        List.of(
            new CronJobBuilder()
                .withNewMetadata()
                .withNamespace("shop")
                .withName("backup")
                .withUid("cron-uid")
                .endMetadata()
                .build(),
            new JobBuilder()
                .withNewMetadata()
                .withNamespace("shop")
                .withName("backup-28391")
                .withUid("job-uid")
                .withOwnerReferences(
                    new OwnerReferenceBuilder()
                        .withApiVersion("batch/v1")
                        .withKind("CronJob")
                        .withName("backup")
                        .withUid("cron-uid")
                        .withController(true)
                        .build())
                .endMetadata()
                .build()));
    learning.store().expire(T0.plus(Duration.ofDays(1)), Duration.ZERO);
    ingest(line);
    assertThat(learnedSources())
        .containsExactly(peer(new WorkloadRef("shop", "backup", "CronJob")));
  }

  @Test
  void aSourceIsUnavailableUntilUpAndAnUnconfiguredOneAlways() {
    assertThat(learning.unavailable(List.of()))
        .containsExactly("http: not started (since 2026-11-01T10:00:00Z)");
    learning.sourceAvailable(HTTP);
    assertThat(learning.unavailable(List.of())).isEmpty();
    assertThat(learning.unavailable(List.of(HTTP))).isEmpty();
    assertThat(learning.unavailable(List.of(FlowSourceNames.HUBBLE_RELAY, HTTP)))
        .containsExactly("hubble-relay: not configured in this operator");
    learning.sourceUnavailable(HTTP, "listener failed");
    assertThat(learning.unavailable(List.of()))
        .containsExactly("http: listener failed (since 2026-11-01T10:00:00Z)");
    assertThatThrownBy(() -> learning.sourceAvailable(FlowSourceNames.HUBBLE_RELAY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not configured");
  }

  /**
   * A replica that begins to learn (it took the lead, or started alone) has heard nothing of what
   * happened while no replica learned: each source it runs counts as down until its warm-up ends,
   * so that nothing is tightened before the collectors have reported to it.
   */
  @Test
  void aSourceThatIsUpCountsAsDownUntilTheWarmUpAfterLearningStartsHasPassed() {
    TestClock clock = new TestClock(T0);
    FlowLearning starting =
        new FlowLearning(
            Set.of(HTTP, FlowSourceNames.HUBBLE_RELAY),
            ns -> true,
            new OperatorMetrics(new SimpleMeterRegistry()),
            clock);
    starting.warmUp(Duration.ofSeconds(30));
    starting.sourceAvailable(HTTP);
    clock.advance(Duration.ofSeconds(10));
    starting.sourceUnavailable(FlowSourceNames.HUBBLE_RELAY, "connecting");
    assertThat(starting.available(HTTP)).isFalse();
    assertThat(starting.unavailable(List.of()))
        .containsExactly(
            "http: warming up until 2026-11-01T10:00:30Z, for collectors to report what they saw"
                + " before this replica learned (--flow-warmup) (since 2026-11-01T10:00:00Z)",
            "hubble-relay: connecting (since 2026-11-01T10:00:10Z)");

    clock.advance(Duration.ofSeconds(19));
    assertThat(starting.available(HTTP)).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(starting.available(HTTP)).isTrue();
    assertThat(starting.unavailable(List.of(HTTP))).isEmpty();
    assertThat(starting.unavailable(List.of()))
        .as("a source down for its own reason stays down")
        .containsExactly("hubble-relay: connecting (since 2026-11-01T10:00:10Z)");
  }

  @Test
  void noWarmUpMeansASourceCountsFromTheMomentItIsUp() {
    learning.warmUp(Duration.ZERO);
    learning.sourceAvailable(HTTP);
    assertThat(learning.unavailable(List.of())).isEmpty();
    assertThatThrownBy(() -> learning.warmUp(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("warm-up");
  }

  @Test
  void evidenceNamesEverySourceWhenSeveralFeedTheStore() {
    FlowLearning both =
        new FlowLearning(
            Set.of(HTTP, FlowSourceNames.HUBBLE_RELAY),
            ns -> true,
            new OperatorMetrics(new SimpleMeterRegistry()),
            Clock.fixed(T0, ZoneOffset.UTC));
    both.observePods(List.of(deploymentPod("db", "pg", "pg-5d8f-a", "10.0.1.7", T0)), T0);
    both.httpSink().accept("c", List.of(line(T0, "203.0.113.9", "db", "pg-5d8f-a", 5432)));
    assertThat(both.observed("db", Duration.ofDays(1), T0))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.provenance())
                    .containsExactly(
                        new Provenance(Provenance.Source.OBSERVED, "http, hubble-relay")));
  }
}
