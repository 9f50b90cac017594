package dev.netseg.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.netseg.operator.crd.SegmentationProfile;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@code /metrics} exports per profile, on the CRUD mock: a few series each (a dashboard's
 * gauges), not a histogram per profile, and nothing left of a deleted profile.
 */
@EnableKubernetesMockClient(crud = true)
class MetricsCardinalityTest {
  /** Series one more profile may add to the scrape. */
  private static final int MAX_SERIES_PER_PROFILE = 6;

  private static final int PROFILES = 5;

  private static final String ENFORCE =
      """
      mode: Enforce
      learning: {minimumLearningPeriod: 0s}
      """;

  KubernetesClient client;
  private OperatorRuntime runtime;

  @BeforeEach
  void start() throws Exception {
    for (int i = 1; i <= PROFILES; i++) {
      // Each profile in a namespace of its own, with the same two workloads.
      cluster(i).apply(MockCluster.FRONTEND_CALLS_CART.replace("shop", namespace(i)));
    }
    runtime = MockCluster.startOperator(client, Set.of());
  }

  @AfterEach
  void stop() {
    runtime.close();
  }

  @Test
  void eachProfileAddsAFewSeriesAndADeletedProfileLeavesNone() {
    enforce(1);
    List<String> one = series();

    for (int i = 2; i <= PROFILES; i++) {
      enforce(i);
    }
    List<String> all = series();

    assertThat(all.size() - one.size())
        .as("series added by %d more profiles:%n%s", PROFILES - 1, String.join("\n", all))
        .isLessThanOrEqualTo(MAX_SERIES_PER_PROFILE * (PROFILES - 1));
    for (int i = 1; i <= PROFILES; i++) {
      String ns = "\"" + namespace(i) + "\"";
      assertThat(all.stream().filter(s -> s.contains(ns)))
          .as("series of the profile in %s", namespace(i))
          .isNotEmpty()
          .hasSizeLessThanOrEqualTo(MAX_SERIES_PER_PROFILE);
    }

    client.resources(SegmentationProfile.class).inNamespace(namespace(3)).withName("p").delete();

    String deleted = "\"" + namespace(3) + "\"";
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(series())
                    .as("series of the deleted profile")
                    .noneMatch(s -> s.contains(deleted)));
  }

  private void enforce(int i) {
    cluster(i).createProfile("p", ENFORCE);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> cluster(i).condition("p", "Ready").map(Condition::getReason).orElse(""),
            "Enforced"::equals);
  }

  /** The scrape's series: every line that is not a comment. */
  private List<String> series() {
    return runtime
        .registry()
        .scrape()
        .lines()
        .filter(l -> !l.isBlank() && !l.startsWith("#"))
        .toList();
  }

  private MockCluster cluster(int i) {
    return new MockCluster(client, namespace(i));
  }

  private static String namespace(int i) {
    return "shop" + i;
  }
}
