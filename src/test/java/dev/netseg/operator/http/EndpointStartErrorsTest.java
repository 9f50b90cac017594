package dev.netseg.operator.http;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What keeps an endpoint from starting is said in one line: a port that cannot be listened on with
 * the endpoint, a TLS file with its option.
 */
class EndpointStartErrorsTest {
  @TempDir Path dir;

  private static HttpEndpoints withTls(Path certificate, Path key) {
    return new HttpEndpoints(
        "flow ingestion",
        new InetSocketAddress(LoopbackClients.LOOPBACK, 0),
        HttpEndpoints.Limits.FLOWS,
        Optional.of(
            new HttpEndpoints.Tls(
                certificate,
                "--flow-ingest-tls-cert",
                key,
                "--flow-ingest-tls-key",
                HttpEndpoints.Tls.RELOAD_EVERY)),
        Map.of("/healthz", new ProbeHandler(Optional::empty)));
  }

  @Test
  void aMissingKeyIsNamedWithItsOption() throws Exception {
    TestCertificates.Pem pem =
        TestCertificates.generate(dir.resolve("a"), "netseg-a", TestCertificates.KeyType.EC);
    Path missing = dir.resolve("nope.key");
    assertThatThrownBy(() -> withTls(pem.crt(), missing))
        .isInstanceOf(EndpointStartException.class)
        .hasMessage("cannot read --flow-ingest-tls-key " + missing + ": no such file");
  }

  @Test
  void aKeyThatIsNotTheCertificatesIsRefusedAtStart() throws Exception {
    TestCertificates.Pem pem =
        TestCertificates.generate(dir.resolve("a"), "netseg-a", TestCertificates.KeyType.RSA);
    Path stray = TestCertificates.strayRsaKey(dir.resolve("stray"));
    assertThatThrownBy(() -> withTls(pem.crt(), stray))
        .isInstanceOf(EndpointStartException.class)
        .hasMessage(
            "cannot load --flow-ingest-tls-cert "
                + pem.crt()
                + " and --flow-ingest-tls-key "
                + stray
                + ": the key does not belong to the certificate");
  }

  @Test
  void aTakenPortIsNamedWithTheEndpoint() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, LoopbackClients.LOOPBACK)) {
      int port = taken.getLocalPort();
      HttpEndpoints endpoints =
          new HttpEndpoints(
              "probes and metrics",
              new InetSocketAddress(LoopbackClients.LOOPBACK, port),
              HttpEndpoints.Limits.PROBES,
              Optional.empty(),
              Map.of("/healthz", new ProbeHandler(Optional::empty)));
      try {
        assertThatThrownBy(endpoints::start)
            .isInstanceOf(EndpointStartException.class)
            .hasMessage(
                "cannot listen on port " + port + " (probes and metrics): address already in use");
      } finally {
        endpoints.close();
      }
    }
  }
}
