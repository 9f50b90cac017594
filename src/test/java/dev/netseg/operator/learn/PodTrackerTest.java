package dev.netseg.operator.learn;

import static dev.netseg.operator.learn.TestPods.barePod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.flows.PodIpHistory;
import dev.netseg.flows.PodKey;
import dev.netseg.workload.WorkloadRef;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodTrackerTest {
  private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
  private static final PodKey DB0 = new PodKey("db", "pg-0");

  private final PodIpHistory history = new PodIpHistory();
  private final PodTracker tracker = new PodTracker(history, Duration.ofHours(1));

  private static Instant at(int minutes) {
    return T0.plus(Duration.ofMinutes(minutes));
  }

  private static Pod statefulPod(String uid, String ip, Instant start) {
    return new PodBuilder(barePod("db", "pg-0", ip, start))
        .editMetadata()
        .withUid(uid)
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion("apps/v1")
                .withKind("StatefulSet")
                .withName("pg")
                .withUid("sts")
                .withController(true)
                .build())
        .endMetadata()
        .build();
  }

  @Test
  void aPodRecreatedUnderItsNameHeldItsOldAddressOnlyUntilLastSeen() {
    tracker.observe(List.of(statefulPod("a", "10.0.1.7", at(0))), at(1));
    tracker.observe(List.of(statefulPod("a", "10.0.1.7", at(0))), at(10));
    tracker.observe(List.of(statefulPod("b", "10.0.1.9", at(12))), at(13));

    assertThat(history.at("10.0.1.7", at(9))).contains(DB0);
    assertThat(history.at("10.0.1.7", at(11))).isEmpty();
    assertThat(history.at("10.0.1.9", at(12))).contains(DB0);
    assertThat(tracker.workloadOf(DB0)).contains(new WorkloadRef("db", "pg", "StatefulSet"));
  }

  @Test
  void aDeletedPodKeepsTheEndItsDeletionTimestampGives() {
    Pod running = barePod("db", "pg-0", "10.0.1.7", at(0));
    Pod terminating =
        new PodBuilder(running)
            .editMetadata()
            .withResourceVersion("2")
            .withDeletionTimestamp(at(5).toString())
            .endMetadata()
            .build();
    tracker.observe(List.of(running), at(1));
    tracker.observe(List.of(terminating), at(3));
    tracker.observe(List.of(), at(20));
    assertThat(history.at("10.0.1.7", at(4))).contains(DB0);
    assertThat(history.at("10.0.1.7", at(6))).isEmpty();
  }

  @Test
  void aHostNetworkPodIsKnownByNameButNotByTheNodesAddress() {
    Pod host =
        new PodBuilder(barePod("kube-system", "agent-x", "192.168.0.10", at(0)))
            .withNewSpec()
            .withHostNetwork(true)
            .endSpec()
            .build();
    tracker.observe(List.of(host), at(1));
    assertThat(history.at("192.168.0.10", at(2))).isEmpty();
    assertThat(tracker.workloadOf(new PodKey("kube-system", "agent-x")))
        .contains(new WorkloadRef("kube-system", "agent-x", "Pod"));
  }

  @Test
  void aReplicaSetsPodBelongsToTheDeploymentThatOwnsTheReplicaSet() {
    Pod pod =
        new PodBuilder(barePod("shop", "web-abc-x", "10.0.0.5", at(0)))
            .editMetadata()
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion("apps/v1")
                    .withKind("ReplicaSet")
                    .withName("web-abc")
                    .withUid("rs")
                    .withController(true)
                    .build())
            .endMetadata()
            .build();
    PodKey key = new PodKey("shop", "web-abc-x");
    tracker.observe(List.of(pod), at(1));
    // No pod-template-hash label and no ReplicaSet known: the ReplicaSet is the workload.
    assertThat(tracker.workloadOf(key)).contains(new WorkloadRef("shop", "web-abc", "ReplicaSet"));

    tracker.observeControllers(
        List.of(
            new ReplicaSetBuilder()
                .withNewMetadata()
                .withNamespace("shop")
                .withName("web-abc")
                .withUid("rs")
                .withOwnerReferences(
                    new OwnerReferenceBuilder()
                        .withApiVersion("apps/v1")
                        .withKind("Deployment")
                        .withName("frontend")
                        .withUid("dep")
                        .withController(true)
                        .build())
                .endMetadata()
                .build(),
            new DeploymentBuilder()
                .withNewMetadata()
                .withNamespace("shop")
                .withName("frontend")
                .withUid("dep")
                .endMetadata()
                .build()));
    assertThat(tracker.workloadOf(key)).contains(new WorkloadRef("shop", "frontend", "Deployment"));

    tracker.observeControllers(List.of());
    assertThat(tracker.workloadOf(key)).contains(new WorkloadRef("shop", "web-abc", "ReplicaSet"));
  }

  @Test
  void goneOnesAreForgottenAfterTheMemory() {
    tracker.observe(List.of(barePod("db", "pg-0", "10.0.1.7", at(0))), at(1));
    tracker.observe(List.of(), at(2));
    assertThat(tracker.size()).isEqualTo(1);
    tracker.observe(List.of(), at(61)); // exactly an hour after it was last seen: still kept
    assertThat(tracker.workloadOf(DB0)).isPresent();
    assertThat(history.at("10.0.1.7", at(0))).contains(DB0);
    tracker.observe(List.of(), at(62));
    assertThat(tracker.size()).isZero();
    assertThat(tracker.workloadOf(DB0)).isEmpty();
    assertThat(history.size()).isZero();
  }
}
