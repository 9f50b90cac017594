package dev.netseg.operator.http;

import java.security.KeyStore;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a renewed certificate without a restart: every {@link HttpEndpoints.Tls#reloadEvery()} it
 * reads the certificate and key files again and, when their bytes changed, gives Jetty a new
 * KeyStore; connections made after that see the new certificate, open ones keep theirs. Kubernetes
 * updates a mounted Secret by swapping a symlink, and cert-manager renews a certificate weeks
 * before it expires, so reading a few kilobytes every 30 seconds is both enough and cheap. A pair
 * that cannot be loaded (a half-written update, a key that does not match) is logged once and the
 * previous certificate is kept.
 */
final class CertificateReloader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CertificateReloader.class);

  private final String endpoint;
  private final HttpEndpoints.Tls tls;
  private final SslContextFactory.Server factory;
  private final char[] password;
  private final ScheduledExecutorService executor;
  private PemPair serving;
  private PemPair refused;
  private String problem;

  CertificateReloader(
      String endpoint,
      HttpEndpoints.Tls tls,
      SslContextFactory.Server factory,
      char[] password,
      PemPair serving) {
    this.endpoint = endpoint;
    this.tls = tls;
    this.factory = factory;
    this.password = password.clone();
    this.serving = serving;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "netseg-tls-reload");
              t.setDaemon(true);
              return t;
            });
  }

  void start() {
    long ms = tls.reloadEvery().toMillis();
    executor.scheduleWithFixedDelay(this::check, ms, ms, TimeUnit.MILLISECONDS);
  }

  /** Reads the files and reloads when they changed; runs on the reloader's thread only. */
  void check() {
    PemPair current;
    try {
      current = PemPair.read(tls);
    } catch (EndpointStartException e) {
      refuse(e.getMessage());
      return;
    }
    if (current.sameAs(serving) || current.sameAs(refused)) {
      return;
    }
    try {
      KeyStore keyStore = current.keyStore(tls, password);
      factory.reload(f -> f.setKeyStore(keyStore));
      serving = current;
      refused = null;
      problem = null;
      LOG.info(
          "Reloaded the TLS certificate of {} from {} and {}",
          endpoint,
          tls.certificate(),
          tls.privateKey());
    } catch (EndpointStartException e) {
      refused = current;
      refuse(e.getMessage());
    } catch (Exception e) {
      refused = current;
      refuse("reloading the TLS certificate of " + endpoint + " failed: " + e);
    }
  }

  /** Logs a problem once, not at every check while it lasts. */
  private void refuse(String what) {
    if (!what.equals(problem)) {
      LOG.warn("{}; {} keeps serving its previous certificate", what, endpoint);
    }
    problem = what;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
