package dev.netseg.deploy;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
          edgeFlushInterval: 30s                            | '/edgeFlushInterval'
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
          edgeFlushInterval: PT1M30S
          'podDisruptionBudget: {maxUnavailable: 50%}'
          'global: {imageRegistry: example.org}'
          """)
  void acceptsValidValues(String values) {
    assertThatCode(() -> HelmChart.template(values)).doesNotThrowAnyException();
  }
}
