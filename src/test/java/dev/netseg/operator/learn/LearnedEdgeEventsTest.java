package dev.netseg.operator.learn;

import static dev.netseg.operator.learn.TestPods.deploymentPod;
import static dev.netseg.operator.learn.TestPods.line;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.operator.OperatorMetrics;
import dev.netseg.testing.TestClock;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class LearnedEdgeEventsTest {
  private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
  private static final String HTTP = FlowSourceNames.HTTP;

  private final FlowLearning learning =
      new FlowLearning(
          Set.of(HTTP),
          ns -> true,
          new OperatorMetrics(new SimpleMeterRegistry()),
          Clock.fixed(T0, ZoneOffset.UTC));
  private final LearnedEdgeEvents events =
      new LearnedEdgeEvents(
          learning, ns -> Stream.<ResourceID>empty(), Stream::empty, Duration.ofSeconds(1));

  @Test
  void onlyANewEdgeOrASourceGoingDownOrUpIsAChange() {
    learning.observePods(
        List.of(
            deploymentPod("db", "pg", "pg-5d8f-a", "10.0.1.7", T0),
            deploymentPod("shop", "web", "web-5d8f-a", "10.0.0.5", T0)),
        T0);
    assertThat(events.check())
        .as("a configured source starts down")
        .isEqualTo(new LearnedEdgeEvents.Changes(Set.of(), true));
    assertThat(events.check()).isEqualTo(new LearnedEdgeEvents.Changes(Set.of(), false));

    learning.httpSink().accept("c", List.of(line(T0, "10.0.0.5", "db", "pg-5d8f-a", 5432)));
    assertThat(events.check())
        .as("a new edge between two namespaces")
        .isEqualTo(new LearnedEdgeEvents.Changes(Set.of("db", "shop"), false));

    learning
        .httpSink()
        .accept("c", List.of(line(T0.plusSeconds(60), "10.0.0.5", "db", "pg-5d8f-a", 5432)));
    learning
        .httpSink()
        .accept(
            "c", List.of(line(T0.plusSeconds(60), "10.0.0.5", "db", "pg-5d8f-a", 6432, "DROPPED")));
    assertThat(events.check())
        .as("the same edge seen again, and a dropped attempt")
        .isEqualTo(new LearnedEdgeEvents.Changes(Set.of(), false));

    learning.sourceAvailable(HTTP);
    assertThat(events.check()).isEqualTo(new LearnedEdgeEvents.Changes(Set.of(), true));
    learning.sourceUnavailable(HTTP, "stopped");
    assertThat(events.check()).isEqualTo(new LearnedEdgeEvents.Changes(Set.of(), true));
    learning.sourceUnavailable(HTTP, "stopped again, for another reason");
    assertThat(events.check()).isEqualTo(new LearnedEdgeEvents.Changes(Set.of(), false));

    learning.store().expire(T0.plusSeconds(3600), Duration.ofMinutes(1));
    assertThat(events.check())
        .as("the edge expired")
        .isEqualTo(new LearnedEdgeEvents.Changes(Set.of("db", "shop"), false));
  }

  @Test
  void theEndOfAWarmUpIsAChange() {
    TestClock clock = new TestClock(T0);
    FlowLearning starting =
        new FlowLearning(
            Set.of(HTTP), ns -> true, new OperatorMetrics(new SimpleMeterRegistry()), clock);
    LearnedEdgeEvents watching =
        new LearnedEdgeEvents(
            starting, ns -> Stream.<ResourceID>empty(), Stream::empty, Duration.ofSeconds(1));
    starting.warmUp(Duration.ofSeconds(30));
    starting.sourceAvailable(HTTP);
    watching.check();
    clock.advance(Duration.ofSeconds(29));
    assertThat(watching.check()).isEqualTo(new LearnedEdgeEvents.Changes(Set.of(), false));
    clock.advance(Duration.ofSeconds(1));
    assertThat(watching.check())
        .as("the source counts from now: every profile may tighten")
        .isEqualTo(new LearnedEdgeEvents.Changes(Set.of(), true));
  }
}
