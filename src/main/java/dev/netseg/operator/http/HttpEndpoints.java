package dev.netseg.operator.http;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.client.internal.CertUtils;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * One listening port with its handlers (probes and metrics on one port, flow ingestion on another,
 * so that the operator's own NetworkPolicy can open each to different clients).
 */
public final class HttpEndpoints implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;

  /** PEM certificate and key for HTTPS. */
  public record Tls(Path certificate, Path privateKey) {}

  public HttpEndpoints(String name, int port, Optional<Tls> tls, Map<String, HttpHandler> handlers)
      throws IOException {
    this(name, new InetSocketAddress(port), tls, handlers);
  }

  /** As above, on one address (tests listen on loopback only). */
  public HttpEndpoints(
      String name, InetSocketAddress address, Optional<Tls> tls, Map<String, HttpHandler> handlers)
      throws IOException {
    if (tls.isPresent()) {
      HttpsServer https = HttpsServer.create(address, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(sslContext(tls.get())));
      server = https;
    } else {
      server = HttpServer.create(address, 0);
    }
    handlers.forEach(server::createContext);
    executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "netseg-http-" + name);
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
  }

  public void start() {
    server.start();
  }

  /** The bound port (useful when 0 was asked for). */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
  }

  private static SSLContext sslContext(Tls tls) throws IOException {
    try (InputStream cert = Files.newInputStream(tls.certificate());
        InputStream key = Files.newInputStream(tls.privateKey())) {
      char[] pass = new char[0];
      KeyStore ks = CertUtils.createKeyStore(cert, key, "RSA", pass, null, pass);
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, pass);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException(
          "cannot load TLS certificate "
              + tls.certificate()
              + " and key "
              + tls.privateKey()
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
