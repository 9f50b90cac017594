package dev.netseg.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PodIpHistoryTest {
  private static final PodKey REPORT = new PodKey("batch", "report-1");
  private static final PodKey EXPORT = new PodKey("batch", "export-9");

  private static Instant t(int minutes) {
    return Instant.parse("2024-05-01T00:00:00Z").plusSeconds(60L * minutes);
  }

  @Test
  void tellsWhichOfTwoPodsHeldAReusedAddressAtEachTime() {
    PodIpHistory history = new PodIpHistory();
    history.record("10.244.3.23", REPORT, t(0), t(60));
    history.record("10.244.3.23", EXPORT, t(90), null);

    assertThat(history.at("10.244.3.23", t(-1))).isEmpty();
    assertThat(history.at("10.244.3.23", t(0))).contains(REPORT);
    assertThat(history.at("10.244.3.23", t(59))).contains(REPORT);
    assertThat(history.at("10.244.3.23", t(60))).isEmpty(); // the end is exclusive
    assertThat(history.at("10.244.3.23", t(75))).isEmpty();
    assertThat(history.at("10.244.3.23", t(90))).contains(EXPORT);
    assertThat(history.at("10.244.3.23", t(100_000))).contains(EXPORT);
    assertThat(history.at("10.244.3.24", t(30))).isEmpty();
  }

  @Test
  void letsTheNewestHolderWinWhenIntervalsOverlap() {
    PodIpHistory history = new PodIpHistory();
    history.record("10.0.0.5", REPORT, t(0), null); // finished, but still listed
    history.record("10.0.0.5", EXPORT, t(30), null);

    assertThat(history.at("10.0.0.5", t(10))).contains(REPORT);
    assertThat(history.at("10.0.0.5", t(40))).contains(EXPORT);
  }

  @Test
  void recordingAPodAgainWithTheSameStartClosesItsInterval() {
    PodIpHistory history = new PodIpHistory();
    history.record("10.0.0.5", REPORT, t(0), null);
    history.record("10.0.0.5", REPORT, t(0), t(10));

    assertThat(history.at("10.0.0.5", t(20))).isEmpty();
    assertThat(history.size()).isEqualTo(1);
  }

  @Test
  void matchesAddressesWhateverTheirSpelling() {
    PodIpHistory history = new PodIpHistory();
    history.record("2001:DB8:0::1", REPORT, t(0), null);

    assertThat(history.at("2001:db8::1", t(1))).contains(REPORT);
    assertThat(history.at("2001:db8:0:0:0:0:0:1", t(1))).contains(REPORT);
    assertThat(history.at("garbage", t(1))).isEmpty();
  }

  @Test
  void refusesInvalidRecords() {
    PodIpHistory history = new PodIpHistory();
    assertThatThrownBy(() -> history.record("10.0.0.0/24", REPORT, t(0), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batch/report-1");
    assertThatThrownBy(() -> history.record("10.0.0.1", REPORT, t(5), t(4)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void forgetsHoldingsThatEndedBeforeTheCutoff() {
    PodIpHistory history = new PodIpHistory();
    history.record("10.0.0.1", REPORT, t(0), t(10));
    history.record("10.0.0.1", EXPORT, t(20), null);
    history.record("10.0.0.2", REPORT, t(0), t(30));

    assertThat(history.forgetEndedBefore(t(25))).isEqualTo(1);
    assertThat(history.at("10.0.0.1", t(5))).isEmpty();
    assertThat(history.at("10.0.0.2", t(5))).contains(REPORT);
    assertThat(history.size()).isEqualTo(2);
  }

  private static Pod pod(String name, String start, String deleted, String phase, String... ips) {
    PodBuilder b =
        new PodBuilder()
            .withNewMetadata()
            .withNamespace("batch")
            .withName(name)
            .withCreationTimestamp("2024-05-01T00:00:00Z")
            .withDeletionTimestamp(deleted)
            .endMetadata()
            .withNewSpec()
            .endSpec()
            .withNewStatus()
            .withPhase(phase)
            .withStartTime(start)
            .endStatus();
    Pod pod = b.build();
    if (ips.length > 0) {
      pod.getStatus().setPodIP(ips[0]);
      for (String ip : ips) {
        pod.getStatus().getPodIPs().add(new io.fabric8.kubernetes.api.model.PodIP(ip));
      }
    }
    return pod;
  }

  @Test
  void recordsPodObjectsFromStartToDeletionWithEveryAddress() {
    PodIpHistory history = new PodIpHistory();
    Pod deleted =
        pod(
            "report-1",
            "2024-05-01T00:01:00Z",
            "2024-05-01T01:00:00Z",
            "Running",
            "10.0.0.9",
            "fd00::9");
    Pod pending = pod("pending", null, null, "Pending");

    assertThat(history.recordPod(deleted)).isEqualTo(2);
    assertThat(history.recordPod(pending)).isZero();
    assertThat(history.at("10.0.0.9", t(0))).isEmpty(); // created, not yet started
    assertThat(history.at("fd00::9", t(30))).contains(REPORT);
    assertThat(history.at("10.0.0.9", t(61))).isEmpty();
  }

  @Test
  void endsAFinishedPodsHoldingWhenItsLastContainerFinished() {
    PodIpHistory history = new PodIpHistory();
    Pod done = pod("report-1", "2024-05-01T00:00:00Z", null, "Succeeded", "10.0.0.9");
    done.getStatus()
        .setContainerStatuses(
            List.of(
                new io.fabric8.kubernetes.api.model.ContainerStatusBuilder()
                    .withName("main")
                    .withNewState()
                    .withNewTerminated()
                    .withFinishedAt("2024-05-01T00:10:00Z")
                    .endTerminated()
                    .endState()
                    .build()));

    history.recordPod(done);

    assertThat(history.at("10.0.0.9", t(5))).contains(REPORT);
    assertThat(history.at("10.0.0.9", t(10))).isEmpty();
  }

  @Test
  void leavesHostNetworkPodsOut() {
    PodIpHistory history = new PodIpHistory();
    Pod host = pod("node-exporter", "2024-05-01T00:00:00Z", null, "Running", "192.168.1.10");
    host.getSpec().setHostNetwork(true);

    assertThat(history.recordPod(host)).isZero();
    assertThat(history.at("192.168.1.10", t(1))).isEmpty();
  }

  /** One recorded holding, for the reference model. */
  record Holding(int ip, int pod, int from, Integer to) {}

  @Provide
  Arbitrary<List<Holding>> holdings() {
    Arbitrary<Holding> one =
        Combinators.combine(
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(0, 100),
                Arbitraries.integers().between(0, 50).injectNull(0.3))
            .as(
                (ip, pod, from, length) ->
                    new Holding(ip, pod, from, length == null ? null : from + length));
    return one.list().ofMaxSize(12);
  }

  @Property(tries = 300)
  void agreesWithABruteForceReference(
      @ForAll("holdings") List<Holding> recorded,
      @ForAll @IntRange(min = 0, max = 3) int ip,
      @ForAll @IntRange(min = -5, max = 160) int when) {
    PodIpHistory history = new PodIpHistory();
    List<Holding> model = new ArrayList<>();
    for (Holding h : recorded) {
      history.record(
          "10.0.0." + h.ip(),
          new PodKey("ns", "p" + h.pod()),
          t(h.from()),
          h.to() == null ? null : t(h.to()));
      model.removeIf(m -> m.ip() == h.ip() && m.pod() == h.pod() && m.from() == h.from());
      model.add(h);
    }

    // Reference: among the holdings of the address that cover the time, the latest start wins;
    // equal starts go to the one recorded last.
    Holding best = null;
    for (Holding h : model) {
      boolean covers = h.ip() == ip && h.from() <= when && (h.to() == null || when < h.to());
      if (covers && (best == null || h.from() >= best.from())) {
        best = h;
      }
    }
    Optional<PodKey> expected =
        best == null ? Optional.empty() : Optional.of(new PodKey("ns", "p" + best.pod()));

    assertThat(history.at("10.0.0." + ip, t(when))).isEqualTo(expected);
  }
}
