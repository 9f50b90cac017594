package dev.netseg.flows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.model.Peer;
import dev.netseg.policy.Protocol;
import dev.netseg.workload.WorkloadRef;
import inet.ipaddr.IPAddressString;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The recorded Hubble lines, end to end: read, interpreted, resolved and aggregated. */
class HubbleLearningTest {
  private static final WorkloadRef FRONTEND = new WorkloadRef("shop", "frontend", "Deployment");
  private static final WorkloadRef CHECKOUT = new WorkloadRef("shop", "checkout", "Deployment");
  private static final WorkloadRef PAYMENTS = new WorkloadRef("shop", "payments", "StatefulSet");
  private static final WorkloadRef INVENTORY = new WorkloadRef("shop", "inventory", "Deployment");
  private static final WorkloadRef COREDNS =
      new WorkloadRef("kube-system", "coredns", "Deployment");
  private static final WorkloadRef REPORT = new WorkloadRef("batch", "report", "CronJob");
  private static final WorkloadRef EXPORT = new WorkloadRef("batch", "export", "Job");

  private final Map<PodKey, WorkloadRef> workloads = new HashMap<>();

  HubbleLearningTest() {
    workloads.put(new PodKey("shop", "frontend-7d9f8c6b5-x2x7q"), FRONTEND);
    workloads.put(new PodKey("shop", "checkout-5c7b9d8f4-qr8zt"), CHECKOUT);
    workloads.put(new PodKey("shop", "payments-0"), PAYMENTS);
    workloads.put(new PodKey("shop", "inventory-6f9b7c5d8-abcde"), INVENTORY);
    workloads.put(new PodKey("kube-system", "coredns-76f75df574-9kq2m"), COREDNS);
    workloads.put(new PodKey("batch", "report-1"), REPORT);
    workloads.put(new PodKey("batch", "export-9"), EXPORT);
  }

  private record Learned(EdgeSnapshot edges, IngestStats stats) {}

  private Learned learn() throws IOException {
    PodIpHistory history = new PodIpHistory();
    // one address, two pods: report-1 until 10:00, export-9 from 10:30
    history.record(
        "10.244.3.23",
        new PodKey("batch", "report-1"),
        Instant.parse("2024-05-01T08:00:00Z"),
        Instant.parse("2024-05-01T10:00:00Z"));
    history.record(
        "10.244.3.23",
        new PodKey("batch", "export-9"),
        Instant.parse("2024-05-01T10:30:00Z"),
        null);
    EdgeStore store = new EdgeStore();
    IngestCounter counter = new IngestCounter();
    FlowResolver resolver =
        new FlowResolver(history, pod -> Optional.ofNullable(workloads.get(pod)), "shop"::equals);
    new FlowReader()
        .read(
            new ByteArrayInputStream(Recorded.bytes()),
            FlowFormat.AUTO,
            new FlowLearner(resolver, store, counter),
            counter);
    return new Learned(store.snapshot(), counter.snapshot());
  }

  private static Peer w(WorkloadRef ref) {
    return new Peer.WorkloadPeer(ref);
  }

  private static Peer ip(String address, String... names) {
    return new Peer.ExternalPeer(new IPAddressString(address).getAddress(), List.of(names));
  }

  private static Instant at(String time) {
    return Instant.parse("2024-05-01T" + time + "Z");
  }

  @Test
  void learnsForwardedConnectionsAndReportsDropsAndAuditsApart() throws IOException {
    EdgeSnapshot edges = learn().edges();

    assertThat(edges.learned())
        .containsExactly(
            new LearnedEdge(
                w(EXPORT), w(CHECKOUT), Protocol.TCP, 8080, at("11:00:00"), at("11:00:00"), 1),
            new LearnedEdge(
                w(REPORT), w(CHECKOUT), Protocol.TCP, 8080, at("09:00:00"), at("09:00:00"), 1),
            new LearnedEdge(
                w(CHECKOUT),
                ip("203.0.113.10/32", "api.stripe.com", "checkout.stripe.com"),
                Protocol.TCP,
                443,
                at("10:00:04"),
                at("10:05:04"),
                2),
            new LearnedEdge(
                w(FRONTEND), w(COREDNS), Protocol.UDP, 53, at("10:00:01"), at("10:00:01"), 1),
            new LearnedEdge(
                w(FRONTEND),
                w(CHECKOUT),
                Protocol.TCP,
                8080,
                at("10:00:00.123456789"),
                at("10:00:00.126"),
                2),
            new LearnedEdge(
                ip("198.51.100.7/32"),
                w(FRONTEND),
                Protocol.TCP,
                8443,
                at("10:00:07"),
                at("10:00:07"),
                1));
    assertThat(edges.dropped())
        .containsExactly(
            new LearnedEdge(
                w(FRONTEND), w(PAYMENTS), Protocol.TCP, 9090, at("10:00:02"), at("10:00:02"), 1));
    assertThat(edges.audited())
        .containsExactly(
            new LearnedEdge(
                w(FRONTEND), w(INVENTORY), Protocol.TCP, 7070, at("10:00:03"), at("10:00:03"), 1));
  }

  @Test
  void countsRecordsWhosePodHasNoKnownWorkloadInsteadOfGuessing() throws IOException {
    workloads.remove(new PodKey("batch", "export-9"));

    Learned learned = learn();

    assertThat(learned.stats().count(UnresolvedReason.UNKNOWN_POD)).isEqualTo(1);
    assertThat(learned.stats().unresolved().get(UnresolvedReason.UNKNOWN_POD).firstDetail())
        .isEqualTo("pod batch/export-9 (had 10.244.3.23)");
    assertThat(learned.edges().learned()).noneMatch(e -> e.source().equals(w(EXPORT))).hasSize(5);
  }
}
