package dev.netseg.operator.learn;

import static dev.netseg.operator.learn.TestPods.deploymentPod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.flows.EdgeCodec;
import dev.netseg.operator.OperatorMetrics;
import dev.netseg.operator.apply.WriteMode;
import dev.netseg.operator.crd.LearnedEdges;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A replica that lost the lead writes what it learned since its last flush only while the Lease
 * shows that no other replica can lead yet.
 */
@EnableKubernetesMockClient(crud = true)
class HandoverFlushTest {
  private static final Instant NOW = Instant.parse("2026-11-27T21:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final List<ProfileRef> PROFILES =
      List.of(new ProfileRef("shop", "p1", "uid-p1", Optional.of(Duration.ofDays(30))));

  KubernetesClient client;

  private FlowLearning learning() {
    FlowLearning l =
        new FlowLearning(
            Set.of(FlowSourceNames.HTTP),
            ns -> ns.equals("shop"),
            new OperatorMetrics(new SimpleMeterRegistry()),
            CLOCK);
    l.observePods(
        List.of(
            deploymentPod("shop", "web", "web-5d8f-a", "10.0.0.5", NOW.minusSeconds(3600)),
            deploymentPod("shop", "api", "api-5d8f-a", "10.0.0.6", NOW.minusSeconds(3600))),
        NOW.minusSeconds(3600));
    return l;
  }

  private EdgePersistence persistence(FlowLearning l) {
    return new EdgePersistence(
        client,
        l.store(),
        () -> PROFILES,
        Set.of(),
        WriteMode.CREATE_OR_UPDATE,
        new EdgeCodec(),
        CLOCK);
  }

  private static void learnSomething(FlowLearning l) {
    l.httpSink()
        .accept(
            "collector",
            List.of(
                "{\"time\":\"2026-11-27T20:59:00Z\",\"src\":{\"namespace\":\"shop\",\"pod\":"
                    + "\"web-5d8f-a\"},\"dst\":{\"namespace\":\"shop\",\"pod\":\"api-5d8f-a\"},"
                    + "\"port\":8080}"));
  }

  private void lease(String holder, Duration renewedAgo) {
    client
        .resource(
            new LeaseBuilder()
                .withNewMetadata()
                .withName("netseg-operator")
                .withNamespace("netseg-system")
                .endMetadata()
                .withNewSpec()
                .withHolderIdentity(holder)
                .withLeaseDurationSeconds(15)
                .withRenewTime(NOW.minus(renewedAgo).atZone(ZoneOffset.UTC))
                .endSpec()
                .build())
        .create();
  }

  private HandoverFlush.Outcome handover(FlowLearning l) {
    return new HandoverFlush(
            client, persistence(l), "netseg-system", "netseg-operator", "replica-a", CLOCK)
        .run();
  }

  private List<LearnedEdges> stored() {
    return client.resources(LearnedEdges.class).inNamespace("shop").list().getItems();
  }

  @Test
  void writesWhileTheLeaseStillNamesThisReplicaAndTheNextLeaderLoadsIt() {
    lease("replica-a", Duration.ofSeconds(12)); // renewals failing, 3 s left
    FlowLearning old = learning();
    learnSomething(old);
    assertThat(old.store().snapshot().learned()).isNotEmpty();

    assertThat(handover(old)).isEqualTo(HandoverFlush.Outcome.FLUSHED);

    FlowLearning next = learning();
    persistence(next).loadAll();
    assertThat(next.store().snapshot()).isEqualTo(old.store().snapshot());
  }

  @Test
  void writesNothingOnceAnotherReplicaHoldsTheLease() {
    lease("replica-b", Duration.ofSeconds(1));
    FlowLearning old = learning();
    learnSomething(old);

    assertThat(handover(old)).isEqualTo(HandoverFlush.Outcome.OUTSIDE_WINDOW);
    assertThat(stored()).isEmpty();
  }

  @Test
  void writesNothingWhenTooLittleOfTheLeaseIsLeft() {
    lease("replica-a", Duration.ofMillis(14_500)); // another replica may take it any moment
    FlowLearning old = learning();
    learnSomething(old);

    assertThat(handover(old)).isEqualTo(HandoverFlush.Outcome.OUTSIDE_WINDOW);
    assertThat(stored()).isEmpty();
  }

  @Test
  void writesNothingWithoutALease() {
    FlowLearning old = learning();
    learnSomething(old);

    assertThat(handover(old)).isEqualTo(HandoverFlush.Outcome.OUTSIDE_WINDOW);
    assertThat(stored()).isEmpty();
  }
}
