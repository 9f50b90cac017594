package dev.netseg.infer;

import static dev.netseg.infer.ConfigApps.app;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.testing.YamlApp;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A workload whose configuration names its own Service gets no rule to itself from that alone; the
 * report says so. Declared (or observed) self connections stay.
 */
class SelfReferenceTest {
  private static String db(String annotations, String env) {
    return """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db, namespace: shop, annotations: {%s}}
        spec:
          selector: {matchLabels: {app: db}}
          template:
            metadata: {labels: {app: db, tier: data}}
            spec:
              containers:
              - name: main
                ports: [{containerPort: 5432}]
                env: %s
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: db, namespace: shop}
        spec:
          selector: {tier: data}
          ports: [{port: 5432}]
        """
        .formatted(annotations, env);
  }

  private static final String REPLICA =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: replica, namespace: shop}
      spec:
        selector: {matchLabels: {app: replica}}
        template:
          metadata: {labels: {app: replica, tier: data}}
          spec: {containers: [{name: main, ports: [{containerPort: 5432}]}]}
      """;

  static Stream<Arguments> cases() {
    String self =
        ": no rule from the workload to itself (declare it, or let it be observed, if it does"
            + " call itself)";
    return Stream.of(
        Arguments.of(
            "a database given its own URL",
            db("", "[{name: DATABASE_URL, value: 'postgres://db:5432/app'}]"),
            List.of(),
            List.of(
                "StatefulSet shop/db env DATABASE_URL: \"postgres://db:5432\" names its own"
                    + " Service shop/db"
                    + self)),
        Arguments.of(
            "its own name without a port",
            db("", "[{name: ADVERTISED_HOST, value: db}]"),
            List.of(),
            List.of(
                "StatefulSet shop/db env ADVERTISED_HOST: \"db\" names its own Service shop/db"
                    + self)),
        Arguments.of(
            "a Service it shares with another workload",
            db("", "[{name: PEERS_ADDR, value: 'db:5432'}]") + "---\n" + REPLICA,
            List.of("shop/db[StatefulSet] -> shop/replica[Deployment] TCP/5432 [manifest]"),
            List.of(
                "StatefulSet shop/db env PEERS_ADDR: \"db:5432\" names its own Service shop/db"
                    + self)),
        Arguments.of(
            "declared",
            db(
                "netseg.dev/egress: 'db:5432'",
                "[{name: DATABASE_URL, value: 'postgres://db:5432/app'}]"),
            List.of("shop/db[StatefulSet] -> shop/db[StatefulSet] TCP/5432 [declared]"),
            List.of(
                "StatefulSet shop/db env DATABASE_URL: \"postgres://db:5432\" names its own"
                    + " Service shop/db"
                    + self)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void ownAddressIsNoRuleUnlessDeclared(
      String what, String yaml, List<String> flows, List<String> findings) {
    YamlApp app = app(yaml);
    assertThat(app.flows()).as(what).isEqualTo(flows);
    assertThat(app.findings()).as(what).isEqualTo(findings);
  }
}
