package dev.netseg.infer;

import static dev.netseg.infer.ConfigApps.app;
import static dev.netseg.infer.ConfigApps.client;
import static dev.netseg.infer.ConfigApps.configMap;
import static dev.netseg.infer.ConfigApps.server;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.testing.YamlApp;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code $(NAME)} in env values, command and args is expanded as the kubelet does: references to
 * variables defined before (envFrom, earlier env entries), {@code $$} an escaped {@code $}, an
 * undefined reference left as written.
 */
class EnvVarExpansionTest {
  private static final String FLOW = "shop/client[Deployment] -> shop/sink[Deployment] TCP/4000";

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "a reference to an earlier env var",
            """
            env:
            - {name: SINK_NAME, value: sink}
            - {name: SINK_URL, value: "http://$(SINK_NAME):4000"}
            """,
            List.of(FLOW + " [manifest]"),
            List.of("manifest: Deployment shop/client env SINK_URL: http://sink:4000")),
        Arguments.of(
            "several references in one value",
            """
            env:
            - {name: SINK_NAME, value: sink}
            - {name: SINK_PORT_NUMBER, value: "4000"}
            - {name: SINK_ADDR, value: "$(SINK_NAME):$(SINK_PORT_NUMBER)"}
            """,
            List.of(FLOW + " [manifest]"),
            List.of("manifest: Deployment shop/client env SINK_ADDR: sink:4000")),
        Arguments.of(
            "a reference to a later env var stays as written",
            """
            env:
            - {name: SINK_URL, value: "http://$(SINK_NAME):4000"}
            - {name: SINK_NAME, value: sink}
            """,
            List.of(),
            List.of()),
        Arguments.of(
            "$$ escapes the reference",
            """
            env:
            - {name: SINK_NAME, value: sink}
            - {name: SINK_URL, value: "http://$$(SINK_NAME):4000"}
            """,
            List.of(),
            List.of()),
        Arguments.of(
            "an undefined reference stays as written",
            "env: [{name: SINK_URL, value: \"http://$(NOPE):4000\"}]",
            List.of(),
            List.of()),
        Arguments.of(
            "a variable from a ConfigMap key",
            """
            env:
            - name: SINK_NAME
              valueFrom: {configMapKeyRef: {name: names, key: sink}}
            - {name: SINK_URL, value: "http://$(SINK_NAME):4000"}
            """,
            List.of(FLOW + " [manifest]"),
            List.of("manifest: Deployment shop/client env SINK_URL: http://sink:4000")),
        Arguments.of(
            "a variable from envFrom with a prefix",
            """
            envFrom: [{prefix: NAMES_, configMapRef: {name: names}}]
            env: [{name: SINK_URL, value: "http://$(NAMES_sink):4000"}]
            """,
            List.of(FLOW + " [manifest]"),
            List.of("manifest: Deployment shop/client env SINK_URL: http://sink:4000")),
        Arguments.of(
            "args",
            """
            env: [{name: SINK_NAME, value: sink}]
            args: ["--sink-addr", "$(SINK_NAME):4000"]
            """,
            List.of(FLOW + " [manifest]"),
            List.of("manifest: Deployment shop/client args[1]: sink:4000")),
        Arguments.of(
            "command",
            """
            env: [{name: SINK_NAME, value: sink}]
            command: ["sh", "-c", "until nc -z $(SINK_NAME):4000; do sleep 1; done"]
            """,
            List.of(FLOW + " [manifest]"),
            List.of("manifest: Deployment shop/client command[2]: sink:4000")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void referencesAreExpandedAsTheKubeletDoes(
      String what, String container, List<String> flows, List<String> evidence) {
    YamlApp app = app(client(container), configMap("names", "sink: sink"), server("sink", 4000));
    assertThat(app.flows()).as(what).isEqualTo(flows);
    assertThat(app.evidence()).as(what).isEqualTo(evidence);
    assertThat(app.findings()).as(what).isEmpty();
  }

  static Stream<Arguments> runtimeOnly() {
    return Stream.of(
        Arguments.of(
            "a fieldRef",
            """
            env:
            - name: COLLECTOR
              valueFrom: {fieldRef: {fieldPath: spec.nodeName}}
            - {name: OTLP_ENDPOINT, value: "http://$(COLLECTOR):4317"}
            """,
            "Deployment shop/client env OTLP_ENDPOINT: \"http://$(COLLECTOR):4317\" uses"
                + " COLLECTOR (fieldRef spec.nodeName), known only when the pod runs: not"
                + " resolved; declare the connection if it is needed"),
        Arguments.of(
            "a Secret",
            """
            env:
            - name: DB_HOST
              valueFrom: {secretKeyRef: {name: db, key: host}}
            - {name: DB_URL, value: "postgres://$(DB_HOST):5432/app"}
            """,
            "Deployment shop/client env DB_URL: \"postgres://$(DB_HOST):5432/app\" uses DB_HOST"
                + " (Secret db), known only when the pod runs: not resolved; declare the"
                + " connection if it is needed"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runtimeOnly")
  void aReferenceOnlyTheRunningPodCanFillInIsReported(
      String what, String container, String finding) {
    YamlApp app = app(client(container), server("sink", 4000));
    assertThat(app.flows()).as(what).isEmpty();
    assertThat(app.findings()).as(what).containsExactly(finding);
  }
}
