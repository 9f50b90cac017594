package dev.netseg.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netseg.infer.InferenceInput;
import dev.netseg.model.Peer;
import dev.netseg.model.Provenance;
import dev.netseg.model.RequiredFlow;
import dev.netseg.policy.Protocol;
import dev.netseg.synth.GeneratedPolicy;
import dev.netseg.synth.Generator;
import dev.netseg.synth.GeneratorOptions;
import dev.netseg.synth.PolicySynthesizer;
import dev.netseg.testing.TestApps;
import dev.netseg.verify.FlowVerifier;
import dev.netseg.workload.Workload;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The three-zone application through the whole generator. */
class SegmentedGeneratorTest {
  private static final Generator GENERATOR =
      new Generator(GeneratorOptions.builder().dns(false).build());

  private static Workload web(String name, String... annotation) {
    TestApps.W w =
        TestApps.workload("zones", name)
            .labels(Map.of("app", name, "tier", "web"))
            .env("APP_ADDR", "app:8080");
    if (annotation.length > 0) {
      w.annotation("netseg.dev/egress", annotation[0]);
    }
    return w.build();
  }

  private static final Workload APP =
      TestApps.workload("zones", "app")
          .labels(Map.of("app", "app", "tier", "app"))
          .port("http", 8080)
          .env("DB_ADDR", "db:5432")
          .build();
  private static final Workload DB =
      TestApps.workload("zones", "db")
          .labels(Map.of("app", "db", "tier", "data"))
          .port("pg", 5432)
          .build();
  private static final List<HasMetadata> SERVICES =
      List.of(TestApps.service("zones", "app", "8080"), TestApps.service("zones", "db", "5432"));

  private static RequiredFlow observed(Workload from, Workload to, int port) {
    return new RequiredFlow(
        new Peer.WorkloadPeer(from.ref()),
        new Peer.WorkloadPeer(to.ref()),
        Protocol.TCP,
        port,
        List.of(new Provenance(Provenance.Source.OBSERVED, "hubble 2026-11-27T10:00:00Z x3")));
  }

  private static SegmentedResult generate(
      List<Workload> workloads, List<RequiredFlow> observed, String rules) {
    Segmentation s = ThreeZones.parse(ThreeZones.SEGMENTS + rules);
    return new SegmentedGenerator(GENERATOR, s)
        .generate(InferenceInput.of(workloads, SERVICES, observed, List.of()));
  }

  private static NetworkPolicy policy(SegmentedResult r, String name) {
    return r.generation().policies().stream()
        .map(GeneratedPolicy::policy)
        .filter(p -> p.getMetadata().getName().equals("netseg-" + name))
        .findFirst()
        .orElseThrow();
  }

  private static List<FlowVerifier.Blocked> blocked(
      List<Workload> workloads, SegmentedResult r, List<RequiredFlow> flows) {
    return new FlowVerifier(List.of(), workloads).blocked(flows, r.generation().networkPolicies());
  }

  @Test
  void observedWebToDataIsRefusedAndReportedNotLearned() {
    Workload web = web("web");
    List<Workload> workloads = List.of(web, APP, DB);
    RequiredFlow suspicious = observed(web, DB, 5432);

    SegmentedResult r =
        generate(workloads, List.of(suspicious), "rules:\n  - deny: {from: web, to: data}\n");

    assertThat(r.refused()).extracting(FlowDecision::flow).containsExactly(suspicious);
    assertThat(r.refused().get(0).flow().provenance())
        .extracting(Provenance::toString)
        .containsExactly("observed: hubble 2026-11-27T10:00:00Z x3");
    assertThat(r.refused().get(0).reason()).isEqualTo("denied by rules[0] deny web -> data");
    assertThat(r.generation().flows()).doesNotContain(suspicious).hasSize(2);
    // Not learned: the policies block it, and still allow what the application needs.
    assertThat(blocked(workloads, r, List.of(suspicious))).hasSize(1);
    assertThat(blocked(workloads, r, r.generation().flows())).isEmpty();
    assertThat(policy(r, "db").getSpec().getIngress()).hasSize(1);
  }

  @Test
  void guardrailBeatsAnExplicitAnnotationAndAnAllowRule() {
    Workload web = web("web", "db:5432");
    List<Workload> workloads = List.of(web, APP, DB);

    SegmentedResult r =
        generate(
            workloads,
            List.of(),
            "mode: intent\nrules:\n"
                + "  - allow: {from: '*', to: '*'}\n"
                + "  - deny: {from: web, to: data}\n");

    assertThat(r.refused()).hasSize(1);
    FlowDecision d = r.refused().get(0);
    assertThat(d.flow().toString())
        .isEqualTo("zones/web[Deployment] -> zones/db[Deployment] TCP/5432");
    assertThat(d.flow().provenance())
        .extracting(Provenance::source)
        .containsExactly(Provenance.Source.DECLARED);
    assertThat(blocked(workloads, r, List.of(d.flow()))).hasSize(1);
  }

  @Test
  void intentRefusesWhatNoAllowRuleCoversWhileGuardrailsOnlyKeepsIt() {
    Workload web = web("web");
    List<Workload> workloads = List.of(web, APP, DB);
    String rules = "rules:\n  - allow: {from: web, to: app, ports: [{port: 8080}]}\n";

    SegmentedResult intent = generate(workloads, List.of(), "mode: intent\n" + rules);
    SegmentedResult guardrails = generate(workloads, List.of(), "mode: guardrails-only\n" + rules);

    assertThat(intent.refused())
        .extracting(d -> d.flow() + ": " + d.reason())
        .containsExactly(
            "zones/app[Deployment] -> zones/db[Deployment] TCP/5432: no allow rule from app to"
                + " data (mode intent)");
    assertThat(guardrails.refused()).isEmpty();
    assertThat(policy(intent, "db").getSpec().getIngress()).isEmpty();
    assertThat(policy(guardrails, "db").getSpec().getIngress()).hasSize(1);
  }

  @Test
  void workloadInTwoSegmentsStopsGeneration() {
    Segmentation s =
        ThreeZones.parse(
            ThreeZones.SEGMENTS + "  front: {podSelector: {matchLabels: {app: web}}}\n");
    InferenceInput input =
        InferenceInput.of(List.of(web("web"), APP, DB), SERVICES, List.of(), List.of());

    assertThatThrownBy(() -> new SegmentedGenerator(GENERATOR, s).generate(input))
        .isInstanceOf(SegmentationException.class)
        .hasMessageContaining("Deployment zones/web matches segments web and front");
  }

  @Test
  void wholeSegmentBecomesOnePeerAndAllowsTheSameConnections() {
    List<Workload> workloads = new ArrayList<>(List.of(web("web-a"), web("web-b"), web("web-c")));
    workloads.add(APP);
    workloads.add(DB);

    SegmentedResult segmented = generate(workloads, List.of(), "");
    SegmentedResult plain =
        new SegmentedGenerator(GENERATOR, Segmentation.none())
            .generate(InferenceInput.of(workloads, SERVICES, List.of(), List.of()));

    NetworkPolicy app = policy(segmented, "app");
    assertThat(policy(plain, "app").getSpec().getIngress()).hasSize(3);
    assertThat(app.getSpec().getIngress()).hasSize(1);
    NetworkPolicyPeer peer = app.getSpec().getIngress().get(0).getFrom().get(0);
    assertThat(peer.getPodSelector().getMatchLabels()).isEqualTo(Map.of("tier", "web"));
    assertThat(peer.getNamespaceSelector().getMatchLabels()).isNullOrEmpty();
    assertThat(segmented.segmentPeers())
        .extracting(Object::toString)
        .contains("zones/app[Deployment]");
    assertThat(app.getMetadata().getAnnotations().get(PolicySynthesizer.JUSTIFICATION))
        .startsWith("ingress[0] from segment web:\n  zones/web-a[Deployment] TCP 8080: manifest:")
        .contains("  zones/web-c[Deployment] TCP 8080: manifest:")
        .contains("egress[0] to zones/db[Deployment]:");
    assertThat(
            SegmentPeersPropertyTest.differences(
                workloads,
                plain.generation().networkPolicies(),
                segmented.generation().networkPolicies()))
        .isEmpty();
    assertThat(blocked(workloads, segmented, plain.generation().flows())).isEmpty();
  }

  @Test
  void noRewriteWhenASegmentMemberLacksTheFlow() {
    Workload quiet =
        TestApps.workload("zones", "web-quiet")
            .labels(Map.of("app", "web-quiet", "tier", "web"))
            .build();
    List<Workload> workloads = List.of(web("web-a"), web("web-b"), quiet, APP, DB);

    SegmentedResult r = generate(workloads, List.of(), "");

    assertThat(policy(r, "app").getSpec().getIngress()).hasSize(2);
    assertThat(r.segmentPeers()).isEmpty();
  }

  @Test
  void engineRevertsARewriteThatWouldAdmitAnotherPod() {
    // A live pod of "batch" carries tier=web (its template does not): segment web's selector
    // would admit it, and with ingress-only policies nothing else stops it, so the per-workload
    // rules must stay.
    Workload template = TestApps.workload("zones", "batch").build();
    io.fabric8.kubernetes.api.model.Pod live =
        new io.fabric8.kubernetes.api.model.PodBuilder(template.template())
            .editMetadata()
            .withName("batch-1")
            .withLabels(Map.of("app", "batch", "tier", "web"))
            .endMetadata()
            .build();
    Workload batch =
        new Workload(
            template.ref(),
            template.metadata(),
            template.selector(),
            template.template(),
            List.of(live));
    List<Workload> workloads = List.of(web("web-a"), web("web-b"), batch, APP, DB);

    SegmentedResult r =
        new SegmentedGenerator(
                new Generator(GeneratorOptions.builder().dns(false).ingressOnly(true).build()),
                ThreeZones.parse(ThreeZones.SEGMENTS))
            .generate(InferenceInput.of(workloads, SERVICES, List.of(), List.of()));

    assertThat(r.segmentPeersReverted())
        .extracting(Object::toString)
        .contains("zones/app[Deployment]");
    assertThat(policy(r, "app").getSpec().getIngress()).hasSize(2);
  }
}
