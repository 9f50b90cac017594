package dev.netseg.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netseg.policy.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SegmentationParserTest {

  @Test
  void readsSegmentsRulesAndMode() {
    Segmentation s =
        SegmentationParser.parse(
            """
            mode: intent
            segments:
              web: {podSelector: {matchLabels: {tier: web}}}
              data:
                podSelector: {matchExpressions: [{key: tier, operator: In, values: [db]}]}
                namespaceSelector: {matchLabels: {team: storage}}
            rules:
              - allow: {from: web, to: data, ports: [{protocol: UDP, port: 53}, {port: 5432}]}
              - deny: {from: '*', to: external}
            """,
            "f.yaml");

    assertThat(s.mode()).isEqualTo(SegmentMode.INTENT);
    assertThat(s.segments()).extracting(Segment::name).containsExactly("web", "data");
    assertThat(s.segment("data").orElseThrow().namespaceSelector()).isPresent();
    assertThat(s.rules().get(0).ports())
        .containsExactly(
            new PortMatch(Protocol.UDP, 53, 53), new PortMatch(Protocol.TCP, 5432, 5432));
    assertThat(s.rules().get(1).describe()).isEqualTo("rules[1] deny * -> external");
    assertThat(s.zones()).containsExactly("web", "data", "unsegmented", "external");
  }

  @Test
  void modeDefaultsToGuardrailsOnly() {
    assertThat(SegmentationParser.parse("rules: []", "f.yaml").mode())
        .isEqualTo(SegmentMode.GUARDRAILS_ONLY);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "mode: strict|f.yaml: mode: \"strict\" is not intent or guardrails-only",
        "colour: red|f.yaml: colour: unknown field (expected mode, segments, rules)",
        "segments: {Web: {podSelector: {}}}|f.yaml: segments.Web: a segment name must be a DNS"
            + " label (lower case letters, digits, -)",
        "segments: {external: {podSelector: {}}}|f.yaml: segments.external: \"external\" is"
            + " reserved (unsegmented, external)",
        "segments: {web: {}}|f.yaml: segments.web: needs a podSelector or a namespaceSelector",
        "segments: {web: {podSelector: {matchExpressions: [{key: a, operator: Has}]}}}|f.yaml:"
            + " segments.web.podSelector.matchExpressions[0].operator: \"Has\" is not a valid"
            + " selector operator (In, NotIn, Exists, DoesNotExist)",
        "rules: [{allow: {from: web, to: data}}]|f.yaml: rules[0].allow.from: unknown segment"
            + " \"web\" (segments: *, external, unsegmented)",
        "rules: [{permit: {from: web}}]|f.yaml: rules[0].permit: unknown field (expected allow or"
            + " deny)",
        "rules: [{deny: {from: '*'}}]|f.yaml: rules[0].deny.to: missing (a segment name,"
            + " unsegmented, external or *)",
        "rules: [{deny: {from: '*', to: '*', ports: [{port: 70000}]}}]|f.yaml:"
            + " rules[0].deny.ports[0].port: must be a port number 1-65535, not 70000",
        "rules: [{deny: {from: '*', to: '*', ports: [{protocol: ICMP}]}}]|f.yaml:"
            + " rules[0].deny.ports[0].protocol: \"ICMP\" is not TCP, UDP, SCTP",
        "rules: [{deny: {from: '*', to: '*', ports: [{port: 90, endPort: 80}]}}]|f.yaml:"
            + " rules[0].deny.ports[0].endPort: must not be below port 90",
        "'['|f.yaml: not valid YAML:",
      })
  void badInputNamesFileAndField(String text, String message) {
    assertThatThrownBy(() -> SegmentationParser.parse(text, "f.yaml"))
        .isInstanceOf(SegmentationException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void unreadableFileIsNamed() {
    assertThatThrownBy(() -> SegmentationParser.read(java.nio.file.Path.of("/nonexistent/s.yaml")))
        .isInstanceOf(SegmentationException.class)
        .hasMessageStartingWith("/nonexistent/s.yaml: cannot read:");
  }
}
