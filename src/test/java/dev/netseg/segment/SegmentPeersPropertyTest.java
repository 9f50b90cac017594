package dev.netseg.segment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.infer.InferenceInput;
import dev.netseg.model.Peer;
import dev.netseg.model.Provenance;
import dev.netseg.model.RequiredFlow;
import dev.netseg.policy.ClusterSnapshot;
import dev.netseg.policy.ConnectionSet;
import dev.netseg.policy.Endpoint;
import dev.netseg.policy.PolicyEngine;
import dev.netseg.policy.Protocol;
import dev.netseg.synth.Generator;
import dev.netseg.synth.GeneratorOptions;
import dev.netseg.testing.RandomApps;
import dev.netseg.workload.Workload;
import dev.netseg.workload.WorkloadIndex;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * On generated applications, the policies with segment peers allow exactly the connections the
 * per-workload policies allow, between every pair of pods, as the semantics engine computes them.
 */
class SegmentPeersPropertyTest {
  private static final Generator GENERATOR =
      new Generator(GeneratorOptions.builder().dns(false).build());

  @Property(tries = 60)
  void segmentPeersAllowExactlyWhatPerWorkloadRulesAllow(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 3) int namespaces,
      @ForAll @IntRange(min = 2, max = 6) int workloads,
      @ForAll @IntRange(min = 0, max = 3) int references,
      @ForAll boolean perNamespaceSegments) {
    RandomApps.App app = RandomApps.generate(seed, namespaces, workloads, references, 1);
    String segments =
        perNamespaceSegments
            ? """
            segments:
              web: {podSelector: {matchLabels: {tier: web}}, namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ns0}}}
              app: {podSelector: {matchLabels: {tier: app}}}
            """
            : """
            segments:
              web: {podSelector: {matchLabels: {tier: web}}}
              app: {podSelector: {matchLabels: {tier: app}}}
              data: {podSelector: {matchLabels: {tier: data}}}
            """;
    Segmentation segmentation = SegmentationParser.parse(segments, "segments");
    SegmentAssignment zones = SegmentAssignment.of(segmentation, app.workloads(), List.of());
    // Make whole segments reach one workload (and one workload reach a whole segment) on one
    // port, the shape the rewrite looks for, besides the random references.
    List<RequiredFlow> observed = wholeSegmentFlows(app.workloads(), zones, seed);
    InferenceInput input = InferenceInput.of(app.workloads(), app.objects(), observed, List.of());

    SegmentedResult plain = new SegmentedGenerator(GENERATOR, Segmentation.none()).generate(input);
    SegmentedResult segmented = new SegmentedGenerator(GENERATOR, segmentation).generate(input);

    assertThat(segmented.generation().flows()).isEqualTo(plain.generation().flows());
    // The rewrite itself is exact: the generator's engine guard never had to fall back.
    assertThat(segmented.segmentPeersReverted()).isEmpty();
    assertThat(
            differences(
                app.workloads(),
                plain.generation().networkPolicies(),
                segmented.generation().networkPolicies()))
        .isEmpty();
    Statistics.label("policies with segment peers")
        .collect(segmented.segmentPeers().isEmpty() ? "none" : "some");
    Statistics.label("policies with segment peers")
        .coverage(c -> c.check("some").percentage(p -> p >= 30));
  }

  private static List<RequiredFlow> wholeSegmentFlows(
      List<Workload> workloads, SegmentAssignment zones, long seed) {
    List<RequiredFlow> out = new ArrayList<>();
    int port = 9000 + Math.floorMod(seed, 100);
    for (String zone : zones.segmentation().zones()) {
      List<Workload> members =
          workloads.stream().filter(w -> zones.zoneOf(w.ref()).equals(zone)).toList();
      Workload target =
          workloads.stream()
              .filter(w -> !zones.zoneOf(w.ref()).equals(zone))
              .findFirst()
              .orElse(null);
      if (zones.segment(zone).isEmpty() || members.size() < 2 || target == null) {
        continue;
      }
      for (Workload m : members) {
        out.add(flow(m, target, port));
        out.add(flow(target, m, port + 1));
      }
    }
    return out;
  }

  private static RequiredFlow flow(Workload from, Workload to, int port) {
    return new RequiredFlow(
        new Peer.WorkloadPeer(from.ref()),
        new Peer.WorkloadPeer(to.ref()),
        Protocol.TCP,
        port,
        List.of(new Provenance(Provenance.Source.OBSERVED, "test")));
  }

  /** Pod pairs whose allowed connections differ between the two policy sets, as text. */
  static List<String> differences(
      List<Workload> workloads, List<NetworkPolicy> a, List<NetworkPolicy> b) {
    WorkloadIndex index = WorkloadIndex.of(workloads);
    PolicyEngine x = PolicyEngine.build(new ClusterSnapshot(List.of(), index.pods(), a));
    PolicyEngine y = PolicyEngine.build(new ClusterSnapshot(List.of(), index.pods(), b));
    List<String> out = new ArrayList<>();
    for (Pod p : index.pods()) {
      for (Pod q : index.pods()) {
        Endpoint s = new Endpoint.PodRef(p.getMetadata().getNamespace(), p.getMetadata().getName());
        Endpoint d = new Endpoint.PodRef(q.getMetadata().getNamespace(), q.getMetadata().getName());
        ConnectionSet cx = x.allowedConnections(s, d);
        ConnectionSet cy = y.allowedConnections(s, d);
        if (!cx.equals(cy)) {
          out.add(s + " -> " + d + ": " + cx + " vs " + cy);
        }
      }
    }
    return out;
  }
}
