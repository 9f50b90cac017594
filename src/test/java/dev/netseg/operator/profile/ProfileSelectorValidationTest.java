package dev.netseg.operator.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.operator.crd.SegmentationProfileSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A selector anywhere in the spec that the API server would refuse in a NetworkPolicy makes the
 * profile not Ready, naming the field: label keys and values by Kubernetes' rules, operators and
 * the number of values they take.
 */
class ProfileSelectorValidationTest {
  private final ProfileValidator validator = new ProfileValidator(Set.of());

  /** Each selector field of the spec, as YAML with a {@code %s} where the selector goes. */
  private static final String[][] FIELDS = {
    {"spec.scope.workloadSelector", "scope: {workloadSelector: %s}"},
    {"spec.exclude.selector", "exclude: {selector: %s}"},
    {
      "spec.ingress.exposure.ingressControllerPodSelector",
      "ingress: {exposure: {ingressControllerNamespace: ingress, ingressControllerPodSelector: %s}}"
    },
    {"spec.segments.web.podSelector", "segments: {web: {podSelector: %s}}"},
    {
      "spec.segments.web.namespaceSelector",
      "segments: {web: {podSelector: {}, namespaceSelector: %s}}"
    },
  };

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          {matchLabels: {"tier!": web}}                   | .matchLabels: "tier!" is not a valid label key (the name part must be 1-63 letters
          {matchLabels: {"Example.com/tier": web}}        | .matchLabels: "Example.com/tier" is not a valid label key (the prefix must be a DNS subdomain
          {matchLabels: {"a/b/c": web}}                   | .matchLabels: "a/b/c" is not a valid label key (at most one '/'
          {matchLabels: {"": web}}                        | .matchLabels: a key must not be empty
          {matchLabels: {tier: "web server"}}             | .matchLabels.tier: "web server" is not a valid label value (a label value must be empty or 1-63 letters
          {matchLabels: {tier: "-web"}}                   | .matchLabels.tier: "-web" is not a valid label value
          {matchExpressions: [{key: "tier!", operator: Exists}]}             | .matchExpressions[0].key: "tier!" is not a valid label key
          {matchExpressions: [{key: tier, operator: In, values: [web, "a b"]}]} | .matchExpressions[0].values[1]: "a b" is not a valid label value
          {matchExpressions: [{key: tier, operator: NotIn, values: ["x_"]}]} | .matchExpressions[0].values[0]: "x_" is not a valid label value
          {matchExpressions: [{key: tier, operator: In}]}                    | .matchExpressions[0].values: must be non-empty for operator In
          {matchExpressions: [{key: tier, operator: NotIn, values: []}]}     | .matchExpressions[0].values: must be non-empty for operator NotIn
          {matchExpressions: [{key: tier, operator: Exists, values: [web]}]} | .matchExpressions[0].values: must be empty for operator Exists
          {matchExpressions: [{key: tier, operator: DoesNotExist, values: [web]}]} | .matchExpressions[0].values: must be empty for operator DoesNotExist
          {matchExpressions: [{key: tier, operator: in, values: [web]}]}     | .matchExpressions[0].operator: "in" is not a valid selector operator (In, NotIn, Exists, DoesNotExist)
          {matchExpressions: [{key: tier}]}                                  | .matchExpressions[0].operator: missing
          """)
  void refusesAnInvalidSelectorNamingTheField(String selector, String problem) {
    for (String[] field : FIELDS) {
      ProfileValidator.Result result = validator.validate(spec(field[1].formatted(selector)));
      assertThat(result.valid()).as(field[0]).isFalse();
      assertThat(result.problems())
          .as(field[0])
          .anySatisfy(p -> assertThat(p).contains(field[0] + problem));
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          {}
          {matchLabels: {app.kubernetes.io/name: shop, tier: ""}}
          {matchLabels: {example.com/Tier_1: V1.2-3}}
          {matchExpressions: [{key: tier, operator: In, values: [web, db]}]}
          {matchExpressions: [{key: app.kubernetes.io/part-of, operator: NotIn, values: [""]}]}
          {matchExpressions: [{key: tier, operator: Exists}, {key: canary, operator: DoesNotExist, values: []}]}
          """)
  void acceptsValidSelectorsEverywhere(String selector) {
    for (String[] field : FIELDS) {
      ProfileValidator.Result result = validator.validate(spec(field[1].formatted(selector)));
      assertThat(result.problems()).as(field[0]).isEmpty();
    }
  }

  private static SegmentationProfileSpec spec(String yaml) {
    return Serialization.unmarshal(yaml, SegmentationProfileSpec.class);
  }
}
