package dev.netseg.infer;

import static dev.netseg.infer.ConfigApps.app;
import static dev.netseg.infer.ConfigApps.client;
import static dev.netseg.infer.ConfigApps.configMap;
import static dev.netseg.infer.ConfigApps.deployment;
import static dev.netseg.infer.ConfigApps.server;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.testing.YamlApp;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A host in one key and its port in another narrows the flow to that port; a host-only reference to
 * a multi-port Service allows every port, and the report says so, one finding per reference.
 */
class HostPortVariablesTest {
  private static final String TO_8013 =
      "shop/client[Deployment] -> shop/flagd[Deployment] TCP/8013";

  static Stream<Arguments> narrowed() {
    return Stream.of(
        Arguments.of(
            "_HOST and _PORT",
            client("env: [{name: FLAGD_HOST, value: flagd}, {name: FLAGD_PORT, value: '8013'}]"),
            "Deployment shop/client env FLAGD_HOST: flagd (port 8013 from FLAGD_PORT)"),
        Arguments.of(
            "_ADDR and _PORT",
            client("env: [{name: FLAGD_ADDR, value: flagd}, {name: FLAGD_PORT, value: '8013'}]"),
            "Deployment shop/client env FLAGD_ADDR: flagd (port 8013 from FLAGD_PORT)"),
        Arguments.of(
            "_HOSTNAME and _PORT",
            client(
                "env: [{name: FLAGD_HOSTNAME, value: flagd}, {name: FLAGD_PORT, value: '8013'}]"),
            "Deployment shop/client env FLAGD_HOSTNAME: flagd (port 8013 from FLAGD_PORT)"),
        Arguments.of(
            "_SERVICE_HOST and _SERVICE_PORT",
            client(
                "env: [{name: FLAGD_SERVICE_HOST, value: flagd},"
                    + " {name: FLAGD_SERVICE_PORT, value: '8013'}]"),
            "Deployment shop/client env FLAGD_SERVICE_HOST: flagd (port 8013 from"
                + " FLAGD_SERVICE_PORT)"),
        Arguments.of(
            "the port defined first, and from a ConfigMap key",
            client(
                """
                env:
                - name: FLAGD_PORT
                  valueFrom: {configMapKeyRef: {name: cfg, key: flagd.port}}
                - {name: FLAGD_HOST, value: flagd}
                """),
            "Deployment shop/client env FLAGD_HOST: flagd (port 8013 from FLAGD_PORT)"),
        Arguments.of(
            "keys of an envFrom ConfigMap",
            client("envFrom: [{configMapRef: {name: cfg}}]"),
            "Deployment shop/client envFrom ConfigMap shop/cfg key flagd.host: flagd (port 8013"
                + " from flagd.port)"),
        Arguments.of(
            "keys of a mounted ConfigMap, camelCase",
            deployment("client", "volumeMounts: [{name: c, mountPath: /etc/c}]")
                .replace(
                    "      containers:",
                    "      volumes: [{name: c, configMap: {name: camel}}]\n      containers:"),
            "Deployment shop/client volume c ConfigMap shop/camel key flagdHost: flagd (port 8013"
                + " from flagdPort)"),
        Arguments.of(
            "lines of a properties file",
            client(
                "env: [{name: APP_PROPERTIES, value: \"flagd.host=flagd\\nflagd.port=8013\\n\"}]"),
            "Deployment shop/client env APP_PROPERTIES: flagd (port 8013 from flagd.port)"),
        Arguments.of(
            "a connection string's Port",
            client("env: [{name: FLAGS, value: 'Host=flagd;Port=8013;Database=x'}]"),
            "Deployment shop/client env FLAGS: flagd (port 8013 from Port)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("narrowed")
  void aPortKeyBesideTheHostKeyNarrowsTheFlow(String what, String client, String evidence) {
    YamlApp app =
        app(
            client,
            configMap("cfg", "flagd.host: flagd\nflagd.port: \"8013\""),
            configMap("camel", "flagdHost: flagd\nflagdPort: \"8013\""),
            server("flagd", 8013, 8016, 4000));
    assertThat(app.flows()).as(what).containsExactly(TO_8013 + " [manifest]");
    assertThat(app.evidence()).as(what).containsExactly("manifest: " + evidence);
    assertThat(app.findings()).as(what).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void portKeysWithAWordBeforePortNameOnePortEach() {
    YamlApp app =
        app(
            client(
                "env: [{name: FLAGD_HOST, value: flagd}, {name: FLAGD_UI_PORT, value: '4000'},"
                    + " {name: CART_PORT, value: '7070'}]"),
            server("flagd", 8013, 8016, 4000));
    assertThat(app.flows())
        .containsExactly("shop/client[Deployment] -> shop/flagd[Deployment] TCP/4000 [manifest]");
    assertThat(app.findings()).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void portKeysThatAddAWordNameOnePortEach() {
    YamlApp app =
        app(
            client(
                "env: [{name: FLAGD_HOST, value: flagd}, {name: FLAGD_PORT_GRPC, value: '8013'},"
                    + " {name: FLAGD_PORT_UI, value: '4000'}]"),
            server("flagd", 8013, 8016, 4000));
    assertThat(app.flows())
        .containsExactly(
            "shop/client[Deployment] -> shop/flagd[Deployment] TCP/4000 [manifest]",
            "shop/client[Deployment] -> shop/flagd[Deployment] TCP/8013 [manifest]");
    assertThat(app.evidence())
        .containsExactly(
            "manifest: Deployment shop/client env FLAGD_HOST: flagd (port 4000 from FLAGD_PORT_UI)",
            "manifest: Deployment shop/client env FLAGD_HOST: flagd (port 8013 from"
                + " FLAGD_PORT_GRPC)");
    assertThat(app.findings()).isEmpty();
  }

  static Stream<Arguments> broad() {
    String ports = "(TCP 4000, TCP 8013, TCP 8016)";
    String hint = "; give the port (host:port, or a ..._PORT key beside the host's) to narrow it";
    return Stream.of(
        Arguments.of(
            "a host without a port key",
            "env: [{name: FLAGD_HOST, value: flagd}]",
            "Deployment shop/client env FLAGD_HOST: \"flagd\" names Service shop/flagd without a"
                + " port: all its 3 ports are allowed "
                + ports
                + hint),
        Arguments.of(
            "a port key known only at run time",
            """
            env:
            - {name: FLAGD_HOST, value: flagd}
            - name: FLAGD_PORT
              valueFrom: {secretKeyRef: {name: s, key: port}}
            """,
            "Deployment shop/client env FLAGD_HOST: \"flagd\" names Service shop/flagd without a"
                + " port: all its 3 ports are allowed "
                + ports
                + "; FLAGD_PORT is known only when the pod runs"
                + hint),
        Arguments.of(
            "a port key that is no number",
            "env: [{name: FLAGD_HOST, value: flagd}, {name: FLAGD_PORT, value: grpc}]",
            "Deployment shop/client env FLAGD_HOST: \"flagd\" names Service shop/flagd without a"
                + " port: all its 3 ports are allowed "
                + ports
                + "; FLAGD_PORT is not a port number"
                + hint),
        Arguments.of(
            "a URL whose scheme's port the Service lacks",
            "env: [{name: FLAGD_URL, value: 'http://flagd/flags'}]",
            "Deployment shop/client env FLAGD_URL: \"http://flagd\" names Service shop/flagd"
                + " without a port: all its 3 ports are allowed "
                + ports
                + hint));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("broad")
  void aReferenceThatCannotBeNarrowedIsReportedOnce(String what, String env, String finding) {
    YamlApp app = app(client(env), server("flagd", 8013, 8016, 4000));
    assertThat(app.flows()).as(what).hasSize(3);
    assertThat(app.findings()).as(what).containsExactly(finding);
  }

  static Stream<Arguments> notBroad() {
    return Stream.of(
        Arguments.of("one-port Service", "env: [{name: SINK_HOST, value: sink}]", 1),
        Arguments.of("scheme's default port", "env: [{name: SINK_URL, value: 'http://web'}]", 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notBroad")
  void aReferenceThatIsNotBroadIsNotReported(String what, String env, int flows) {
    YamlApp app = app(client(env), server("sink", 4000), server("web", 80, 9090));
    assertThat(app.flows()).as(what).hasSize(flows);
    assertThat(app.findings()).as(what).isEqualTo(List.of());
  }
}
