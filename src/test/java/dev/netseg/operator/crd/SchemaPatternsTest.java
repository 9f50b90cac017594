package dev.netseg.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.policy.LabelSyntax;
import dev.netseg.time.Durations;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CRD's patterns agree with the operator's own checks, so that {@code kubectl apply} refuses
 * what the operator would refuse and never what it accepts.
 */
class SchemaPatternsTest {

  @ParameterizedTest(name = "label key \"{0}\"")
  @CsvSource({
    "app",
    "app.kubernetes.io/name",
    "example.com/Tier_1",
    "a/b",
    "tier!",
    "-app",
    "app-",
    "Example.com/app",
    "a/b/c",
    "/app",
    "example.com/",
    "has space",
    "x.y.z/A_b-c.d",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  })
  void labelKeyPatternAgreesWithLabelSyntax(String key) {
    assertThat(Pattern.matches(SchemaPatterns.LABEL_KEY, key))
        .isEqualTo(LabelSyntax.keyProblem(key).isEmpty());
  }

  /** The profile's durations: the Kubernetes style only, each one the operator parses. */
  @ParameterizedTest(name = "duration \"{0}\"")
  @CsvSource({
    "0s, true", "500ms, true", "30m, true", "1h30m, true", "24h, true", "7d, true",
    "720h, true", "PT30S, false", "3 days, false", "1.5h, false", "30, false", "-1h, false",
    "1w, false",
  })
  void durationPatternTakesTheKubernetesStyleTheOperatorParses(String text, boolean matches) {
    assertThat(Pattern.matches(SchemaPatterns.DURATION, text)).isEqualTo(matches);
    if (matches) {
      assertThat(Durations.parse(text)).isPresent();
    }
  }

  @ParameterizedTest(name = "label value \"{0}\"")
  @CsvSource({
    "''",
    "a",
    "v1.2-3_x",
    "a b",
    "-a",
    "a_",
    "x/y",
    "vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv",
    "vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv",
  })
  void labelValuePatternAgreesWithLabelSyntax(String value) {
    assertThat(Pattern.matches(SchemaPatterns.LABEL_VALUE, value))
        .isEqualTo(LabelSyntax.valueProblem(value).isEmpty());
  }
}
