package dev.netseg.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.netseg.operator.apply.WriteMode;
import dev.netseg.operator.http.EndpointStartException;
import dev.netseg.operator.learn.LearnedFlows;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator cannot start because of its flags or its environment: the error names the port and
 * the endpoint, or the option and the file, in one line, and leaves nothing running.
 */
@EnableKubernetesMockClient(crud = true)
class StartupErrorsTest {
  KubernetesMockServer server;
  KubernetesClient client;

  @TempDir Path dir;

  private static OperatorConfig config(int httpPort, Optional<OperatorConfig.FlowIngest> flows) {
    return new OperatorConfig(
        Set.of(),
        httpPort,
        flows,
        Optional.empty(),
        Optional.empty(),
        Duration.ofHours(1),
        Duration.ZERO);
  }

  private static OperatorConfig.FlowIngest flows(Optional<Path> cert, Optional<Path> key) {
    return new OperatorConfig.FlowIngest(0, Set.of("system:serviceaccount:m:c"), 4096, cert, key);
  }

  private OperatorRuntime start(OperatorConfig config) throws Exception {
    return OperatorRuntime.start(
        config,
        client,
        WriteMode.CREATE_OR_UPDATE,
        LearnedFlows.NONE,
        Clock.systemUTC(),
        token -> Optional.empty());
  }

  @Test
  void aTakenProbePortIsNamedWithTheEndpointAndNoFlowEndpointIsLeftListening() throws Exception {
    // Held on loopback: a listening socket there keeps the operator's wildcard bind from the port.
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      assertThatThrownBy(
              () -> start(config(port, Optional.of(flows(Optional.empty(), Optional.empty())))))
          .isInstanceOf(EndpointStartException.class)
          .hasMessage(
              "cannot listen on port " + port + " (probes and metrics): address already in use");
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().startsWith("netseg-http-")));
  }

  @Test
  void aMissingTlsFileIsNamedWithItsOption() {
    Path key = dir.resolve("tls.key");
    Path cert = dir.resolve("missing.crt");
    assertThatThrownBy(
            () -> start(config(0, Optional.of(flows(Optional.of(cert), Optional.of(key))))))
        .isInstanceOf(EndpointStartException.class)
        .hasMessage("cannot read --flow-ingest-tls-cert " + cert + ": no such file");
  }

  @Test
  void aTlsFileThatIsNotPemIsNamedWithItsOption() throws Exception {
    Path cert = Files.writeString(dir.resolve("tls.crt"), "not a certificate\n");
    Path key = Files.writeString(dir.resolve("tls.key"), "not a key\n");
    assertThatThrownBy(
            () -> start(config(0, Optional.of(flows(Optional.of(cert), Optional.of(key))))))
        .hasMessageStartingWith(
            "cannot load --flow-ingest-tls-cert "
                + cert
                + " and --flow-ingest-tls-key "
                + key
                + ": not a PEM certificate")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
