package dev.netseg.operator.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.infer.AllowRule;
import dev.netseg.operator.crd.LearningSource;
import dev.netseg.operator.crd.Mode;
import dev.netseg.operator.crd.OnBlockedFlow;
import dev.netseg.operator.crd.SegmentationProfileSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProfileValidatorTest {
  private final ProfileValidator validator = new ProfileValidator(Set.of("hubble-relay", "http"));

  private static SegmentationProfileSpec spec(String yaml) {
    return Serialization.unmarshal(yaml, SegmentationProfileSpec.class);
  }

  @Test
  void emptySpecGetsSafeDefaults() {
    ProfileSettings s = validator.validate(null).settings().orElseThrow();
    assertThat(s.mode()).isEqualTo(Mode.Observe);
    assertThat(s.onBlockedFlow()).isEqualTo(OnBlockedFlow.Hold);
    assertThat(s.learningSources()).containsExactlyInAnyOrder(LearningSource.values());
    assertThat(s.minimumLearningPeriod()).isEqualTo(Duration.ofHours(24));
    assertThat(s.retention()).isEqualTo(Duration.ofDays(30));
    assertThat(s.dnsEnabled()).isTrue();
    assertThat(s.exposureCidrs()).extracting(Object::toString).containsExactly("0.0.0.0/0", "::/0");
    assertThat(s.apiServerPorts()).containsExactly(443, 6443);
  }

  @Test
  void parsesDurationsAddressesAndAllowLists() {
    ProfileSettings s =
        validator
            .validate(
                spec(
                    """
                    mode: Enforce
                    learning: {minimumLearningPeriod: 1h30m, retention: 7d, flowSources: [http]}
                    egress:
                      dns: {nodeLocalAddress: 169.254.20.10}
                      allowedCidrs: [10.0.0.0/8, "fd00::/8"]
                    allow:
                    - {workload: checkout, egress: ["payments/gateway:8080"]}
                    exclude: {workloads: [legacy]}
                    safety: {onBlockedFlow: Apply}
                    """))
            .settings()
            .orElseThrow();
    assertThat(s.mode()).isEqualTo(Mode.Enforce);
    assertThat(s.minimumLearningPeriod()).isEqualTo(Duration.ofMinutes(90));
    assertThat(s.retention()).isEqualTo(Duration.ofDays(7));
    assertThat(s.nodeLocalDns()).map(Object::toString).contains("169.254.20.10");
    assertThat(s.allowedCidrs())
        .extracting(Object::toString)
        .containsExactly("10.0.0.0/8", "fd00::/8");
    assertThat(s.allow())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.workload()).isEqualTo("checkout");
              assertThat(a.direction()).isEqualTo(AllowRule.Direction.EGRESS);
              assertThat(a.origin()).isEqualTo("spec.allow[0].egress[0]");
              assertThat(a.entry().toString()).contains("payments", "gateway", "8080");
            });
    assertThat(s.excludedWorkloads()).containsExactly("legacy");
    assertThat(s.onBlockedFlow()).isEqualTo(OnBlockedFlow.Apply);
  }

  static Stream<Arguments> invalidSpecs() {
    return Stream.of(
        Arguments.of(
            "scope: {workloadSelector: {matchExpressions: [{key: app, operator: Matches, values: [x]}]}}",
            "spec.scope.workloadSelector.matchExpressions[0].operator: \"Matches\" is not a valid"),
        Arguments.of(
            "scope: {workloadSelector: {matchExpressions: [{key: app, operator: In}]}}",
            "spec.scope.workloadSelector.matchExpressions[0].values: must be non-empty"),
        Arguments.of(
            "learning: {flowSources: [kafka]}",
            "spec.learning.flowSources[0]: unknown flow source \"kafka\" (configured: http, hubble-relay)"),
        Arguments.of("learning: {retention: 0s}", "spec.learning.retention: must be longer than 0"),
        Arguments.of(
            "learning: {minimumLearningPeriod: forever}",
            "spec.learning.minimumLearningPeriod: \"forever\" is not a duration"),
        Arguments.of(
            "egress: {allowedCidrs: [10.0.0.0/33]}",
            "spec.egress.allowedCidrs[0]: \"10.0.0.0/33\" is not a CIDR"),
        Arguments.of(
            "egress: {allowedCidrs: [10.1.2.3/8]}",
            "spec.egress.allowedCidrs[0]: \"10.1.2.3/8\" has host bits set; did you mean 10.0.0.0/8?"),
        Arguments.of(
            "egress: {dns: {nodeLocalAddress: 169.254.20.300}}",
            "spec.egress.dns.nodeLocalAddress: \"169.254.20.300\" is not an IP address"),
        Arguments.of(
            "egress: {apiServer: {ports: [0]}}", "spec.egress.apiServer.ports[0]: 0 is not a port"),
        Arguments.of(
            "ingress: {exposure: {ingressControllerPodSelector: {matchLabels: {app: nginx}}}}",
            "needs spec.ingress.exposure.ingressControllerNamespace"),
        Arguments.of(
            "allow: [{workload: a, egress: [\"b:80\"]}, {workload: a, ingress: [\"c\"]}]",
            "spec.allow[1].workload: \"a\" is listed twice"),
        Arguments.of(
            "allow: [{workload: a, egress: [\"b:80\"]}, {workload: c, ingress: [\"d:80\", \"e:http:80\"]}]",
            "spec.allow[1].ingress[1]: \"e:http:80\""),
        Arguments.of(
            "allow: [{workload: a, egress: [\"10.0.0.0/8:99999\"]}]",
            "spec.allow[0].egress[0]: \"10.0.0.0/8:99999\""),
        Arguments.of(
            "allow: [{workload: Web_Frontend, egress: [\"b:80\"]}]",
            "spec.allow[0].workload: \"Web_Frontend\" is not a workload name"),
        Arguments.of(
            "exclude: {workloads: [legacy, \"legacy app\"]}",
            "spec.exclude.workloads[1]: \"legacy app\" is not a workload name"),
        Arguments.of(
            "egress: {apiServer: {workloads: [shop/frontend]}}",
            "spec.egress.apiServer.workloads[0]: \"shop/frontend\" is not a workload name"));
  }

  @ParameterizedTest
  @MethodSource("invalidSpecs")
  void rejectsWhatTheSchemaCannotWithTheFieldNamed(String yaml, String expectedProblem) {
    ProfileValidator.Result result = validator.validate(spec(yaml));
    assertThat(result.valid()).isFalse();
    assertThat(result.problems()).anySatisfy(p -> assertThat(p).contains(expectedProblem));
  }
}
