package dev.netseg.segment;

import static dev.netseg.segment.ThreeZones.APP;
import static dev.netseg.segment.ThreeZones.DB;
import static dev.netseg.segment.ThreeZones.WEB;
import static dev.netseg.segment.ThreeZones.flow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netseg.model.Provenance.Source;
import dev.netseg.model.RequiredFlow;
import dev.netseg.testing.TestApps;
import dev.netseg.workload.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SegmentEvaluatorTest {
  private static final RequiredFlow WEB_APP = flow(WEB, APP, 8080, Source.MANIFEST);
  private static final RequiredFlow APP_DB = flow(APP, DB, 5432, Source.MANIFEST);
  private static final RequiredFlow WEB_DB_OBSERVED = flow(WEB, DB, 5432, Source.OBSERVED);
  private static final List<RequiredFlow> FLOWS = List.of(WEB_APP, APP_DB, WEB_DB_OBSERVED);

  private static SegmentEvaluator evaluator(String rules) {
    Segmentation s = ThreeZones.parse(ThreeZones.SEGMENTS + rules);
    return new SegmentEvaluator(SegmentAssignment.of(s, ThreeZones.WORKLOADS, List.of()));
  }

  @Test
  void refusesObservedWebToDataWithTheDenyRuleAndProvenance() {
    SegmentEvaluation e = evaluator("rules:\n  - deny: {from: web, to: data}\n").evaluate(FLOWS);

    assertThat(e.allowed()).containsExactly(WEB_APP, APP_DB);
    assertThat(e.refused()).hasSize(1);
    FlowDecision refused = e.refused().get(0);
    assertThat(refused.flow()).isEqualTo(WEB_DB_OBSERVED);
    assertThat(refused.flow().provenance().get(0).toString())
        .isEqualTo("observed: evidence of web");
    assertThat(refused.reason()).isEqualTo("denied by rules[0] deny web -> data");
  }

  @ParameterizedTest
  @EnumSource(Source.class)
  void guardrailBeatsEveryKindOfEvidenceAndAnAllowRule(Source source) {
    RequiredFlow f = flow(WEB, DB, 5432, source);
    SegmentEvaluator e =
        evaluator(
            "mode: intent\nrules:\n"
                + "  - allow: {from: web, to: data, ports: [{port: 5432}]}\n"
                + "  - deny: {from: '*', to: data}\n");

    FlowDecision d = e.decide(f);

    assertThat(d.refused()).isTrue();
    assertThat(d.verdict()).isEqualTo(Verdict.DENIED);
    assertThat(d.rule().orElseThrow().index()).isEqualTo(1);
  }

  @Test
  void intentAndGuardrailsOnlyDifferOnFlowsNoRuleCovers() {
    String rules =
        "rules:\n"
            + "  - allow: {from: web, to: app, ports: [{protocol: TCP, port: 8080}]}\n"
            + "  - deny: {from: web, to: data}\n";

    SegmentEvaluation guardrails = evaluator("mode: guardrails-only\n" + rules).evaluate(FLOWS);
    SegmentEvaluation intent = evaluator("mode: intent\n" + rules).evaluate(FLOWS);

    assertThat(guardrails.allowed()).containsExactly(WEB_APP, APP_DB);
    assertThat(guardrails.refused())
        .extracting(FlowDecision::flow)
        .containsExactly(WEB_DB_OBSERVED);
    assertThat(intent.allowed()).containsExactly(WEB_APP);
    assertThat(intent.refused())
        .extracting(FlowDecision::reason)
        .containsExactly(
            "no allow rule from app to data (mode intent)", "denied by rules[1] deny web -> data");
  }

  @Test
  void intentLetsFlowsInsideOneZoneAndPlatformFlowsThrough() {
    Workload web2 =
        TestApps.workload("zones", "web2").labels(Map.of("app", "web2", "tier", "web")).build();
    List<Workload> workloads = new ArrayList<>(ThreeZones.WORKLOADS);
    workloads.add(web2);
    SegmentEvaluator e =
        new SegmentEvaluator(
            SegmentAssignment.of(
                ThreeZones.parse(ThreeZones.SEGMENTS + "mode: intent\n"), workloads, List.of()));

    assertThat(e.decide(flow(WEB, web2, 80, Source.OBSERVED)).refused()).isFalse();
    assertThat(e.decide(flow(WEB, DB, 53, Source.PLATFORM)).refused()).isFalse();
    assertThat(e.decide(flow(WEB, DB, 53, Source.DECLARED)).refused()).isTrue();
  }

  @Test
  void portsOfARuleLimitWhatItCovers() {
    SegmentEvaluator e =
        evaluator(
            "mode: intent\nrules:\n"
                + "  - allow: {from: app, to: data, ports: [{port: 5430, endPort: 5439}]}\n");

    assertThat(e.decide(flow(APP, DB, 5432, Source.MANIFEST)).verdict()).isEqualTo(Verdict.ALLOWED);
    assertThat(e.decide(flow(APP, DB, 6379, Source.MANIFEST)).refused()).isTrue();
  }

  @Test
  void externalAddressesAreInTheExternalZone() {
    SegmentEvaluator e = evaluator("rules:\n  - deny: {from: data, to: external}\n");

    FlowDecision d = e.decide(ThreeZones.toAddress(DB, "203.0.113.0/24", 443));

    assertThat(d.to()).isEqualTo("external");
    assertThat(d.refused()).isTrue();
    assertThat(e.decide(ThreeZones.toAddress(WEB, "203.0.113.0/24", 443)).refused()).isFalse();
  }

  @Test
  void workloadsNoSegmentMatchesAreUnsegmented() {
    Workload other = TestApps.workload("zones", "batch").build();
    SegmentAssignment a =
        SegmentAssignment.of(
            ThreeZones.parse(ThreeZones.SEGMENTS), List.of(WEB, APP, DB, other), List.of());

    assertThat(a.zoneOf(other.ref())).isEqualTo("unsegmented");
    assertThat(a.zoneOf(DB.ref())).isEqualTo("data");
  }

  @Test
  void workloadInTwoSegmentsIsAnErrorNamingBothAndTheWorkload() {
    Segmentation s =
        ThreeZones.parse(
            ThreeZones.SEGMENTS.replace(
                "segments:\n", "segments:\n  zones-all: {namespaceSelector: {}}\n"));

    assertThatThrownBy(() -> SegmentAssignment.of(s, List.of(APP), List.of()))
        .isInstanceOf(SegmentationException.class)
        .hasMessage(
            "Deployment zones/app matches segments zones-all and app: a workload must be in at"
                + " most one segment");
  }

  @Test
  void namespaceSelectorUsesNamespaceLabels() {
    Segmentation s =
        ThreeZones.parse(
            "segments:\n  pci: {namespaceSelector: {matchLabels: {compliance: pci}}}\n");
    io.fabric8.kubernetes.api.model.Namespace ns =
        new io.fabric8.kubernetes.api.model.NamespaceBuilder()
            .withNewMetadata()
            .withName("zones")
            .withLabels(Map.of("compliance", "pci"))
            .endMetadata()
            .build();

    assertThat(SegmentAssignment.of(s, List.of(WEB), List.of(ns)).zoneOf(WEB.ref()))
        .isEqualTo("pci");
    assertThat(SegmentAssignment.of(s, List.of(WEB), List.of()).zoneOf(WEB.ref()))
        .isEqualTo("unsegmented");
  }
}
