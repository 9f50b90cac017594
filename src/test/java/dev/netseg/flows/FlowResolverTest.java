package dev.netseg.flows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.model.Peer;
import dev.netseg.policy.Protocol;
import dev.netseg.workload.WorkloadRef;
import inet.ipaddr.IPAddressString;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlowResolverTest {
  private static final Instant T = Instant.parse("2024-05-01T10:00:00Z");
  private static final WorkloadRef WEB = new WorkloadRef("shop", "web", "Deployment");
  private static final WorkloadRef DB = new WorkloadRef("shop", "db", "StatefulSet");
  private static final WorkloadRef REPORT = new WorkloadRef("batch", "report", "CronJob");
  private static final WorkloadRef EXPORT = new WorkloadRef("batch", "export", "Job");
  private static final WorkloadRef PROM =
      new WorkloadRef("monitoring", "prometheus", "StatefulSet");

  private final PodIpHistory history = new PodIpHistory();
  private final Map<PodKey, WorkloadRef> workloads =
      Map.of(
          new PodKey("shop", "web-1"), WEB,
          new PodKey("shop", "db-0"), DB,
          new PodKey("batch", "report-1"), REPORT,
          new PodKey("batch", "export-9"), EXPORT,
          new PodKey("monitoring", "prometheus-0"), PROM);
  private final FlowResolver resolver =
      new FlowResolver(
          history,
          pod -> Optional.ofNullable(workloads.get(pod)),
          Set.of("shop", "batch")::contains);

  private static FlowRecord record(FlowEndpoint src, FlowEndpoint dst, Instant when) {
    return new FlowRecord(when, src, dst, Protocol.TCP, 5432, FlowVerdict.FORWARDED);
  }

  private ObservedEdge resolved(FlowRecord r) {
    Resolution resolution = resolver.resolve(r);
    assertThat(resolution).isInstanceOf(Resolution.Resolved.class);
    return ((Resolution.Resolved) resolution).edge();
  }

  @Test
  void resolvesNamedPodsToTheirWorkloads() {
    ObservedEdge e =
        resolved(
            record(
                FlowEndpoint.pod("shop", "web-1", "10.0.0.1"),
                FlowEndpoint.pod("shop", "db-0", null),
                T));

    assertThat(e)
        .isEqualTo(
            new ObservedEdge(
                new Peer.WorkloadPeer(WEB),
                new Peer.WorkloadPeer(DB),
                Protocol.TCP,
                5432,
                T,
                FlowVerdict.FORWARDED));
  }

  @Test
  void resolvesAReusedAddressToThePodThatHeldItWhenTheFlowWasSeen() {
    history.record("10.244.3.23", new PodKey("batch", "report-1"), T.minusSeconds(3600), T);
    history.record("10.244.3.23", new PodKey("batch", "export-9"), T.plusSeconds(60), null);
    FlowEndpoint client = FlowEndpoint.address("10.244.3.23", List.of());
    FlowEndpoint db = FlowEndpoint.pod("shop", "db-0", null);

    assertThat(resolved(record(client, db, T.minusSeconds(10))).source())
        .isEqualTo(new Peer.WorkloadPeer(REPORT));
    assertThat(resolved(record(client, db, T.plusSeconds(120))).source())
        .isEqualTo(new Peer.WorkloadPeer(EXPORT));
    // between the two pods nobody held it: an outside address, not a guess
    assertThat(resolved(record(client, db, T.plusSeconds(30))).source())
        .isEqualTo(
            new Peer.ExternalPeer(new IPAddressString("10.244.3.23/32").getAddress(), List.of()));
  }

  @Test
  void makesAnAddressThatIsNoPodAnExternalPeerOfOneAddressWithItsNames() {
    ObservedEdge v4 =
        resolved(
            record(
                FlowEndpoint.pod("shop", "web-1", null),
                FlowEndpoint.address("203.0.113.10", List.of("api.stripe.com")),
                T));
    ObservedEdge v6 =
        resolved(
            record(
                FlowEndpoint.address("2001:db8::7", List.of()),
                FlowEndpoint.pod("shop", "web-1", null),
                T));

    Peer.ExternalPeer stripe = (Peer.ExternalPeer) v4.destination();
    assertThat(stripe.cidr().toCanonicalString()).isEqualTo("203.0.113.10/32");
    assertThat(stripe.dnsNames()).containsExactly("api.stripe.com");
    assertThat(((Peer.ExternalPeer) v6.source()).cidr().toCanonicalString())
        .isEqualTo("2001:db8::7/128");
  }

  @Test
  void countsAPodWithoutWorkloadAsUnknownInsteadOfGuessing() {
    Resolution r =
        resolver.resolve(
            record(
                FlowEndpoint.pod("shop", "gone-1", null),
                FlowEndpoint.pod("shop", "db-0", null),
                T));

    assertThat(r)
        .isEqualTo(new Resolution.Unresolved(UnresolvedReason.UNKNOWN_POD, "pod shop/gone-1"));
  }

  @Test
  void namesTheAddressWhenAnAddressResolvedToAPodWithoutWorkload() {
    history.record("10.0.0.77", new PodKey("shop", "gone-1"), T.minusSeconds(5), null);

    Resolution r =
        resolver.resolve(
            record(
                FlowEndpoint.address("10.0.0.77", List.of()),
                FlowEndpoint.pod("shop", "db-0", null),
                T));

    assertThat(r)
        .isEqualTo(
            new Resolution.Unresolved(
                UnresolvedReason.UNKNOWN_POD, "pod shop/gone-1 (had 10.0.0.77)"));
  }

  @Test
  void keepsRecordsThatTouchTheScopeOnEitherSideAndCountsTheRestOutOfScope() {
    FlowEndpoint prom = FlowEndpoint.pod("monitoring", "prometheus-0", null);
    FlowEndpoint web = FlowEndpoint.pod("shop", "web-1", null);
    FlowEndpoint world = FlowEndpoint.address("198.51.100.7", List.of());

    assertThat(resolved(record(prom, web, T)).source()).isEqualTo(new Peer.WorkloadPeer(PROM));
    assertThat(resolved(record(web, prom, T)).destination()).isEqualTo(new Peer.WorkloadPeer(PROM));
    assertThat(resolver.resolve(record(prom, world, T)))
        .isEqualTo(
            new Resolution.Unresolved(
                UnresolvedReason.OUT_OF_SCOPE, "pod monitoring/prometheus-0 -> 198.51.100.7"));
    assertThat(resolver.resolve(record(world, FlowEndpoint.pod("other", "x", null), T)))
        .isInstanceOf(Resolution.Unresolved.class)
        .extracting(r -> ((Resolution.Unresolved) r).reason())
        .isEqualTo(UnresolvedReason.OUT_OF_SCOPE);
  }

  @Test
  void countsARecordWithAnInvalidAddressInsteadOfThrowing() {
    FlowRecord bad =
        record(FlowEndpoint.address("nope", List.of()), FlowEndpoint.pod("shop", "web-1", null), T);

    assertThat(resolver.resolve(bad))
        .isEqualTo(
            new Resolution.Unresolved(UnresolvedReason.BAD_ADDRESS, "'nope' is not an IP address"));
  }
}
