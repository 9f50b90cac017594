package dev.netseg.operator.http;

import static dev.netseg.operator.http.LoopbackClients.exchange;
import static dev.netseg.operator.http.LoopbackClients.get;
import static dev.netseg.operator.http.LoopbackClients.post;
import static dev.netseg.operator.http.TestEndpoints.GOOD;
import static dev.netseg.operator.http.TestEndpoints.LINE;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each endpoint answers on its exact path only: anything else is 404 and reaches no handler. */
class ExactPathsTest {
  private static final Duration WITHIN = Duration.ofSeconds(10);

  private TestEndpoints endpoints;

  @BeforeEach
  void start() throws IOException {
    endpoints = new TestEndpoints();
  }

  @AfterEach
  void stop() {
    endpoints.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/healthzx",
        "/healthz/",
        "/healthz/x",
        "/readyzfoo",
        "/metricsx",
        "/metrics/x",
        "/",
        "/api/v1/flows"
      })
  void probesPortAnswers404OffItsPaths(String path) throws IOException {
    assertThat(exchange(endpoints.probePort(), get(path), WITHIN).status()).isEqualTo(404);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/healthz", "/readyz", "/metrics"})
  void probesPortAnswersOnItsPaths(String path) throws IOException {
    assertThat(exchange(endpoints.probePort(), get(path), WITHIN).status()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"/api/v1/flowsX", "/api/v1/flows/", "/api/v1/flows/x", "/api/v1", "/healthz"})
  void flowPortAnswers404OffItsPath(String path) throws IOException {
    assertThat(exchange(endpoints.flowPort(), post(path, GOOD, LINE), WITHIN).status())
        .isEqualTo(404);
    assertThat(endpoints.posted).isEmpty();
    assertThat(endpoints.reviews).hasValue(0);
  }
}
