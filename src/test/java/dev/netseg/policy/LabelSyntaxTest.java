package dev.netseg.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Label keys and values by Kubernetes' rules (IsQualifiedName, IsValidLabelValue). */
class LabelSyntaxTest {
  private static final String NAME_63 = "a".repeat(63);
  private static final String PREFIX_253 = ("a".repeat(63) + ".").repeat(3) + "a".repeat(61);

  @ParameterizedTest(name = "key \"{0}\" is valid")
  @CsvSource(
      delimiter = '|',
      value = {
        "app",
        "A",
        "9",
        "app.kubernetes.io/name",
        "example.com/tier_1",
        "tier-1.x_Y",
        "k8s-app",
        "a/b",
        "x.y.z/A_b-c.d",
      })
  void acceptsValidKeys(String key) {
    assertThat(LabelSyntax.keyProblem(key)).isEmpty();
  }

  @ParameterizedTest(name = "key \"{0}\": {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "tier!             | the name part must be 1-63 letters, digits",
        "-app              | the name part must be 1-63 letters, digits",
        "app-              | the name part must be 1-63 letters, digits",
        "app.              | the name part must be 1-63 letters, digits",
        "has space         | the name part must be 1-63 letters, digits",
        "''                | must not be empty",
        "example.com/      | the name part after the prefix must not be empty",
        "/app              | the prefix before '/' must not be empty",
        "a/b/c             | at most one '/'",
        "Example.com/app   | the prefix must be a DNS subdomain",
        "exa_mple.com/app  | the prefix must be a DNS subdomain",
        "-example.com/app  | the prefix must be a DNS subdomain",
        "example..com/app  | the prefix must be a DNS subdomain",
        "example.com/tier! | the name part must be 1-63 letters, digits",
      })
  void refusesInvalidKeysSayingWhy(String key, String why) {
    assertThat(LabelSyntax.keyProblem(key)).hasValueSatisfying(p -> assertThat(p).contains(why));
  }

  @ParameterizedTest(name = "key of length {0}")
  @CsvSource({"63, true", "64, false"})
  void theNamePartHasAtMost63Characters(int length, boolean valid) {
    assertThat(LabelSyntax.keyProblem("x".repeat(length)).isEmpty()).isEqualTo(valid);
    assertThat(LabelSyntax.keyProblem("example.com/" + "x".repeat(length)).isEmpty())
        .isEqualTo(valid);
  }

  @ParameterizedTest(name = "prefix of length {0}")
  @CsvSource({"253, true", "254, false"})
  void thePrefixHasAtMost253Characters(int length, boolean valid) {
    String prefix = length == 253 ? PREFIX_253 : PREFIX_253 + "a";
    assertThat(prefix).hasSize(length);
    assertThat(LabelSyntax.keyProblem(prefix + "/app").isEmpty()).isEqualTo(valid);
    if (!valid) {
      assertThat(LabelSyntax.keyProblem(prefix + "/app"))
          .hasValueSatisfying(p -> assertThat(p).contains("at most 253"));
    }
  }

  @ParameterizedTest(name = "value \"{0}\" is valid")
  @CsvSource(
      delimiter = '|',
      value = {"''", "a", "v1.2-3_x", "A", "0", "UPPER.lower"})
  void acceptsValidValues(String value) {
    assertThat(LabelSyntax.valueProblem(value)).isEmpty();
    assertThat(LabelSyntax.valueProblem(NAME_63)).isEmpty();
  }

  @ParameterizedTest(name = "value \"{0}\": {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a b      | letters, digits, '-', '_' or '.'",
        "-a       | starting and ending with a letter or digit",
        "a_       | starting and ending with a letter or digit",
        "x/y      | letters, digits, '-', '_' or '.'",
        "é        | letters, digits, '-', '_' or '.'",
      })
  void refusesInvalidValuesSayingWhy(String value, String why) {
    assertThat(LabelSyntax.valueProblem(value))
        .hasValueSatisfying(p -> assertThat(p).contains(why));
  }

  @ParameterizedTest(name = "value of length {0}")
  @CsvSource({"63, true", "64, false"})
  void aValueHasAtMost63Characters(int length, boolean valid) {
    assertThat(LabelSyntax.valueProblem("v".repeat(length)).isEmpty()).isEqualTo(valid);
  }
}
