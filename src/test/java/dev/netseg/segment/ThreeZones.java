package dev.netseg.segment;

import dev.netseg.model.Peer;
import dev.netseg.model.Provenance;
import dev.netseg.model.RequiredFlow;
import dev.netseg.policy.Protocol;
import dev.netseg.testing.TestApps;
import dev.netseg.workload.Workload;
import inet.ipaddr.IPAddressString;
import java.util.List;
import java.util.Map;

/** A web, app and data tier in namespace {@code zones}, labelled by {@code tier}. */
final class ThreeZones {
  static final Workload WEB =
      TestApps.workload("zones", "web").labels(Map.of("app", "web", "tier", "web")).build();
  static final Workload APP =
      TestApps.workload("zones", "app")
          .labels(Map.of("app", "app", "tier", "app"))
          .port("http", 8080)
          .build();
  static final Workload DB =
      TestApps.workload("zones", "db")
          .labels(Map.of("app", "db", "tier", "data"))
          .port("pg", 5432)
          .build();
  static final List<Workload> WORKLOADS = List.of(WEB, APP, DB);

  static final String SEGMENTS =
      """
      segments:
        web: {podSelector: {matchLabels: {tier: web}}}
        app: {podSelector: {matchLabels: {tier: app}}}
        data: {podSelector: {matchLabels: {tier: data}}}
      """;

  private ThreeZones() {}

  static Segmentation parse(String text) {
    return SegmentationParser.parse(text, "segments.yaml");
  }

  static RequiredFlow flow(Workload from, Workload to, int port, Provenance.Source source) {
    return new RequiredFlow(
        new Peer.WorkloadPeer(from.ref()),
        new Peer.WorkloadPeer(to.ref()),
        Protocol.TCP,
        port,
        List.of(new Provenance(source, "evidence of " + from.ref().name())));
  }

  static RequiredFlow toAddress(Workload from, String cidr, int port) {
    return new RequiredFlow(
        new Peer.WorkloadPeer(from.ref()),
        new Peer.ExternalPeer(new IPAddressString(cidr).getAddress(), List.of()),
        Protocol.TCP,
        port,
        List.of(new Provenance(Provenance.Source.DECLARED, "egress " + cidr)));
  }
}
