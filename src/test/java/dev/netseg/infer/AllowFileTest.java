package dev.netseg.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AllowFileTest {

  @Test
  void parsesBothEntryFormsWithDefaultNamespaceAndReason() {
    List<AllowRule> rules =
        AllowFile.parse(
            """
            namespace: shop
            allow:
              - from: frontend
                to: payments/gateway:8080
                reason: checkout page
              - from: 203.0.113.0/24
                to: frontend:8080
              - workload: payments/gateway
                egress: ["203.0.113.10:443"]
                ingress: monitoring/prometheus:metrics
            """,
            "allow.yaml");
    assertThat(rules)
        .extracting(Object::toString)
        .containsExactly(
            new AllowRule.Between(
                    DeclarationSyntax.parse("frontend"),
                    DeclarationSyntax.parse("payments/gateway:8080"),
                    java.util.Optional.of("shop"),
                    "allow.yaml entry 1 (checkout page)")
                .toString(),
            new AllowRule.Between(
                    DeclarationSyntax.parse("203.0.113.0/24"),
                    DeclarationSyntax.parse("frontend:8080"),
                    java.util.Optional.of("shop"),
                    "allow.yaml entry 2")
                .toString(),
            new AllowRule.ForWorkload(
                    "payments",
                    "gateway",
                    AllowRule.Direction.EGRESS,
                    DeclarationSyntax.parse("203.0.113.10:443"),
                    "allow.yaml entry 3 egress[0]")
                .toString(),
            new AllowRule.ForWorkload(
                    "payments",
                    "gateway",
                    AllowRule.Direction.INGRESS,
                    DeclarationSyntax.parse("monitoring/prometheus:metrics"),
                    "allow.yaml entry 3 ingress[0]")
                .toString());
  }

  @Test
  void emptyFileHasNoRules() {
    assertThat(AllowFile.parse("", "a.yaml")).isEmpty();
    assertThat(AllowFile.parse("allow: []", "a.yaml")).isEmpty();
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'allow: [{from: frontend, to: cart:80}]' | a.yaml entry 1 from \"frontend\": write namespace/name",
        "'allow: [{from: shop/a:80, to: shop/b:80}]' | a.yaml entry 1 from \"shop/a:80\": the client side takes no port",
        "'allow: [{from: 10.0.0.0/8, to: 192.168.0.0/16:80}]' | a.yaml entry 1: one side must be a Service or workload",
        "'allow: [{from: shop/a, to: \"shop/b:http:x\"}]' | a.yaml entry 1 to \"shop/b:http:x\": more than one ':'",
        "'allow: [{from: shop/a}]' | a.yaml entry 1: 'to' is missing",
        "'allow: [{from: shop/a, too: shop/b}]' | a.yaml entry 1: unknown field 'too' (expected from, reason, to)",
        "'allow: [{workload: a, egress: [b]}]' | a.yaml entry 1 workload \"a\": write namespace/name",
        "'allow: [{workload: shop/a}]' | a.yaml entry 1: a workload entry needs 'egress' or 'ingress'",
        "'allow: [{workload: shop/a, egress: [\"b:0\"]}]' | a.yaml entry 1 egress[0] \"b:0\": port 0 is out of range",
        "'allow: {from: a}' | a.yaml: 'allow' must be a list of entries",
        "'allow: [a, b]' | a.yaml entry 1: expected a mapping",
        "'namespace: Shop' | a.yaml: namespace: \"Shop\" is not a valid namespace name",
        "'rules: []' | a.yaml: unknown field 'rules'",
        "'allow: [' | a.yaml: not valid YAML",
      })
  void rejectsMistakesNamingFileEntryAndProblem(String content, String message) {
    assertThatThrownBy(() -> AllowFile.parse(content, "a.yaml"))
        .isInstanceOf(DeclarationException.class)
        .hasMessageStartingWith(message);
  }
}
