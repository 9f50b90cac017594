package dev.netseg.operator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.netseg.operator.http.TestCertificates.KeyType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flow endpoint's certificate comes from a mounted Secret that cert-manager renews: a new
 * connection must get the new certificate without a restart.
 */
class CertificateReloadTest {
  private static final Duration RELOAD_EVERY = Duration.ofMillis(200);

  /** How long a change may take to be served: the reload interval and a loaded machine. */
  private static final Duration SERVED_WITHIN = Duration.ofSeconds(10);

  @TempDir static Path certificates;
  private static TestCertificates.Pem a;
  private static TestCertificates.Pem b;
  private static Path strayKey;

  @TempDir Path dir;
  private MountedSecret secret;
  private HttpEndpoints server;

  @BeforeAll
  static void generate() throws Exception {
    a = TestCertificates.generate(certificates.resolve("a"), "netseg-a", KeyType.RSA);
    b = TestCertificates.generate(certificates.resolve("b"), "netseg-b", KeyType.EC);
    strayKey = TestCertificates.strayRsaKey(certificates.resolve("stray"));
  }

  @BeforeEach
  void start() throws Exception {
    secret = new MountedSecret(dir.resolve("secret"));
    secret.publish(a.crt(), a.key());
    server =
        new HttpEndpoints(
            "flow ingestion",
            new InetSocketAddress(LoopbackClients.LOOPBACK, 0),
            HttpEndpoints.Limits.FLOWS,
            Optional.of(
                new HttpEndpoints.Tls(secret.crt(), "--cert", secret.key(), "--key", RELOAD_EVERY)),
            Map.of("/healthz", new ProbeHandler(Optional::empty)));
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** The certificate a new TLS connection is shown. */
  private X509Certificate served() throws IOException, GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {new AcceptAny()}, new SecureRandom());
    try (SSLSocket socket =
        (SSLSocket)
            context.getSocketFactory().createSocket(LoopbackClients.LOOPBACK, server.port())) {
      socket.setSoTimeout(5_000);
      socket.startHandshake();
      return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }
  }

  @Test
  void aNewConnectionGetsTheRenewedCertificateWithoutARestart() throws Exception {
    assertThat(served()).isEqualTo(a.certificate());
    secret.publish(b.crt(), b.key());
    await().atMost(SERVED_WITHIN).until(() -> served().equals(b.certificate()));
  }

  @Test
  void anUpdateThatDoesNotLoadKeepsThePreviousCertificateUntilAGoodOneComes() throws Exception {
    // A certificate with a key that is not its own (a Secret written in two steps, say): an RSA
    // key that does not match, then a key of another type.
    secret.publish(a.crt(), strayKey);
    stillServes(a);
    secret.publish(b.crt(), a.key());
    stillServes(a);
    secret.publish(b.crt(), b.key());
    await().atMost(SERVED_WITHIN).until(() -> served().equals(b.certificate()));
    secret.publish(a.crt(), a.key());
    await().atMost(SERVED_WITHIN).until(() -> served().equals(a.certificate()));
  }

  /** The certificate stays the same over several reload intervals. */
  private void stillServes(TestCertificates.Pem pem) {
    await()
        .during(RELOAD_EVERY.multipliedBy(3))
        .atMost(SERVED_WITHIN)
        .until(() -> served().equals(pem.certificate()));
  }

  /** Takes any server certificate: the test looks at which one it is, not whether to trust it. */
  private static final class AcceptAny implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
