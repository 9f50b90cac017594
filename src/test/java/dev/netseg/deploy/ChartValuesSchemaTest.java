package dev.netseg.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netseg.time.Durations;
import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** values.schema.json rejects wrong types and unknown keys, naming the value at fault. */
class ChartValuesSchemaTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          replicaCount: two                                 | '/replicaCount': got string, want integer
          replicaCount: 0                                   | '/replicaCount': minimum
          httpPort: http                                    | '/httpPort': got string, want integer
          httpPort: 70000                                   | '/httpPort': maximum
          watchNamespaces: shop                             | '/watchNamespaces': got string, want array
          'watchNamespaces: [Shop_1]'                       | '/watchNamespaces/0'
          'leaderElection: {enabled: yes please}'           | '/leaderElection/enabled': got string, want boolean
          'flowIngestion: {enabled: \"true\"}'              | '/flowIngestion/enabled': got string, want boolean
          'image: {pullPolicy: Sometimes}'                  | '/image/pullPolicy'
          'networkPolicy: {apiServer: {cidrs: [10.0.0.1]}}' | '/networkPolicy/apiServer/cidrs/0'
          edgeFlushInterval: 30                             | '/edgeFlushInterval': got number, want string
          edgeFlushInterval: 30 seconds                     | '/edgeFlushInterval'
          edgeFlushInterval: 1.5h                           | '/edgeFlushInterval'
          edgeFlushInterval: PT                             | '/edgeFlushInterval'
          edgeFlushInterval: P1DT                           | '/edgeFlushInterval'
          flowWarmup: 30                                    | '/flowWarmup': got number, want string
          flowWarmup: -30s                                  | '/flowWarmup'
          'flowIngestion: {allowed: [monitoring:flow-exporter]}' | '/flowIngestion/allowed/0': 'monitoring:flow-exporter' does not match pattern
          'flowIngestion: {allowed: ["system:serviceaccount:Monitoring:exporter"]}' | '/flowIngestion/allowed/0': 'system:serviceaccount:Monitoring:exporter' does not match pattern
          'flowIngestion: {allowed: ["system:serviceaccount:monitoring"]}' | '/flowIngestion/allowed/0'
          'flowIngestion: {allowed: ["system:serviceaccount:monitoring:exporter", "system:serviceaccounts:monitoring"]}' | '/flowIngestion/allowed/1'
          'flowIngestion: {allowed: ["system:serviceaccount:monitoring:exporter "]}' | '/flowIngestion/allowed/0'
          replicas: 3                                       | additional properties 'replicas' not allowed
          'image: {name: netseg}'                           | additional properties 'name' not allowed
          """)
  void rejectsInvalidValuesNamingTheField(String values, String expectedMessage) {
    assertThatThrownBy(() -> HelmChart.template(values))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining(expectedMessage);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          replicaCount: 3
          'watchNamespaces: [shop, payments]'
          edgeFlushInterval: 30s
          edgeFlushInterval: 1h30m
          edgeFlushInterval: 500ms
          edgeFlushInterval: PT1M30S
          edgeFlushInterval: P1DT2H
          flowWarmup: 0s
          flowWarmup: 2m
          'podDisruptionBudget: {maxUnavailable: 50%}'
          'flowIngestion: {enabled: true, allowed: ["system:serviceaccount:monitoring:flow-exporter", "system:serviceaccount:kube-system:hubble.exporter-1"]}'
          'global: {imageRegistry: example.org}'
          """)
  void acceptsValidValues(String values) {
    assertThatCode(() -> HelmChart.template(values)).doesNotThrowAnyException();
  }

  /** The chart lets through no duration the operator's flag would refuse, and the usual ones. */
  @ParameterizedTest(name = "duration: {0}")
  @CsvSource({
    "30s", "1m", "1h30m", "500ms", "7d", "PT30S", "PT0.5S", "P1DT2H", "P1D", "30", "1.5h", "-30s",
    "PT", "P1DT", "PT-30S", "pt30s", "30S", "1w", "P1M",
  })
  void durationPatternAgreesWithTheOperatorsParser(String value) throws IOException {
    var schema = new ObjectMapper().readTree(HelmChart.DIR.resolve("values.schema.json").toFile());
    for (String property : List.of("edgeFlushInterval", "flowWarmup")) {
      assertThat(schema.at("/properties/" + property + "/$ref").asText())
          .as(property)
          .isEqualTo("#/definitions/duration");
    }
    String pattern = schema.at("/definitions/duration/pattern").asText();
    assertThat(Pattern.matches(pattern, value)).isEqualTo(Durations.parse(value).isPresent());
  }
}
