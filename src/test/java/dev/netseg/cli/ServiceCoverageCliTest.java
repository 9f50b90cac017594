package dev.netseg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An application whose addresses live in code (bookinfo's shape: only the entry point is exposed,
 * the other Services are called from code): the report says which Services have no known client,
 * with a coverage line; verify warns, and fails with --strict.
 */
class ServiceCoverageCliTest {
  @TempDir Path dir;

  private static String service(String name, String extra) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: %s, namespace: books}
        spec:
          selector: {matchLabels: {app: %s}}
          template:
            metadata: {labels: {app: %s}}
            spec:
              containers:
              - name: main
                ports: [{containerPort: 9080}]
        %s
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: %s, namespace: books}
        spec:
          selector: {app: %s}
          ports: [{name: http, port: 9080}]
        ---
        """
        .formatted(name, name, name, extra.indent(8).stripTrailing(), name, name);
  }

  private static final String ROUTE =
      """
      apiVersion: gateway.networking.k8s.io/v1
      kind: HTTPRoute
      metadata: {name: books, namespace: books}
      spec:
        parentRefs: [{name: gw}]
        rules: [{backendRefs: [{name: productpage, port: 9080}]}]
      """;

  private static final String IN_CODE =
      service("productpage", "")
          + service("details", "")
          + service("reviews", "")
          + service("ratings", "")
          + ROUTE;

  private static final String FROM_ENV =
      service(
              "productpage",
              "env: [{name: DETAILS_ADDR, value: 'details:9080'}, {name: REVIEWS_ADDR,"
                  + " value: 'reviews:9080'}]")
          + service("details", "")
          + service("reviews", "env: [{name: RATINGS_ADDR, value: 'ratings:9080'}]")
          + service("ratings", "")
          + ROUTE;

  static Stream<Arguments> apps() {
    return Stream.of(
        Arguments.of(
            "addresses in code",
            IN_CODE,
            "coverage: 1 of 4 Services have a known client; 0 flows from manifests, none checked"
                + " against observed flows",
            "3 Services have no known client: addresses may be in code; add flows or"
                + " declarations\n  books/details\n  books/ratings\n  books/reviews\n",
            1),
        Arguments.of(
            "addresses in env",
            FROM_ENV,
            "coverage: 4 of 4 Services have a known client; 3 flows from manifests, none checked"
                + " against observed flows",
            null,
            0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("apps")
  void servicesWithoutAKnownClientAreReportedAndFailVerifyStrict(
      String what, String yaml, String coverage, String withoutClient, int strictExit)
      throws Exception {
    Path app = dir.resolve("app.yaml");
    Files.writeString(app, yaml);
    CliRun generate = CliRun.of("generate", app.toString());
    assertThat(generate.exitCode()).as(generate.err()).isZero();
    assertThat(generate.err()).contains(coverage + "\n");
    assertThat(generate.err()).contains("exposure read from: 1 HTTPRoute\n");
    if (withoutClient == null) {
      assertThat(generate.err()).doesNotContain("no known client");
    } else {
      assertThat(generate.err()).contains(withoutClient);
    }

    Path policies = dir.resolve("policies");
    assertThat(CliRun.of("generate", app.toString(), "-o", policies.toString()).exitCode())
        .isZero();
    CliRun verify = CliRun.of("verify", app.toString(), "--policies", policies.toString());
    CliRun strict =
        CliRun.of("verify", app.toString(), "--policies", policies.toString(), "--strict");
    assertThat(verify.exitCode()).isZero();
    assertThat(strict.exitCode()).isEqualTo(strictExit);
    if (withoutClient == null) {
      assertThat(verify.err() + verify.out()).doesNotContain("no known client");
    } else {
      assertThat(verify.err())
          .contains(
              "warning: 3 Services have no known client: addresses may be in code; add flows or"
                  + " declarations (books/details, books/ratings, books/reviews); --strict makes"
                  + " this fail");
      assertThat(strict.err()).contains("error: 3 Services have no known client");
      assertThat(verify.out()).contains(withoutClient);
    }
    CliRun json = CliRun.of("generate", app.toString(), "-o", "json");
    assertThat(json.out()).contains("\"coverage\"").contains("\"servicesWithoutClient\"");
  }
}
