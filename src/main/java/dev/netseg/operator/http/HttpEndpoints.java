package dev.netseg.operator.http;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * One listening port with its handlers (probes and metrics on one port, flow ingestion on another,
 * so that the operator's own NetworkPolicy can open each to different clients), served by Jetty.
 *
 * <p>No client can stall a port: Jetty reads request lines and headers without holding a worker; a
 * connection must send complete headers within {@link Limits#headerDeadline()} ({@link
 * HeaderDeadline}) and finish each request within {@link Limits#requestDeadline()} ({@link
 * RequestDeadline}); bodies are read without holding a worker ({@link BodyReader}); connections
 * idle for {@link Limits#idleTimeout()} are closed; at most {@link Limits#maxConnections()} are
 * open (beyond that Jetty stops accepting and closes idle ones sooner); and each port has its own
 * bounded pool of {@link Limits#maxThreads()} threads. Each handler is reached by its exact path
 * ({@link ExactPaths}); any other path is 404.
 */
public final class HttpEndpoints implements AutoCloseable {
  private final String name;
  private final Server server;
  private final ServerConnector connector;
  private final NetworkConnectionLimit connectionLimit;
  private final Optional<CertificateReloader> reloader;

  /**
   * PEM certificate (chain) and private key for HTTPS, read again every {@code reloadEvery} (zero:
   * never) so that a renewed certificate is served without a restart ({@link CertificateReloader});
   * the options name where each file was configured, for error messages.
   */
  public record Tls(
      Path certificate,
      String certificateOption,
      Path privateKey,
      String keyOption,
      Duration reloadEvery) {
    /** Kubernetes updates a mounted Secret within about a minute; this adds at most half that. */
    public static final Duration RELOAD_EVERY = Duration.ofSeconds(30);
  }

  /**
   * What one port allows a client.
   *
   * @param maxThreads the port's threads, Jetty's acceptor and selector included
   * @param maxConnections open connections beyond which Jetty stops accepting
   * @param idleTimeout a connection that sends and receives nothing for this long is closed
   * @param headerDeadline time for a connection to send a complete request line and headers, from
   *     its opening or from the end of its previous request
   * @param requestDeadline time for a whole request, body included, from its first byte
   */
  public record Limits(
      int maxThreads,
      int maxConnections,
      Duration idleTimeout,
      Duration headerDeadline,
      Duration requestDeadline) {
    /** Probes and metrics: short requests without bodies from the kubelet and Prometheus. */
    public static final Limits PROBES =
        new Limits(12, 512, Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(10));

    /** Flow ingestion: bodies of up to a few MB from collectors, over a network. */
    public static final Limits FLOWS =
        new Limits(
            24, 1024, Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(60));

    public Limits {
      if (maxThreads < 6) {
        throw new IllegalArgumentException("maxThreads must leave Jetty workers: " + maxThreads);
      }
    }

    public Limits withDeadlines(Duration headers, Duration request) {
      return new Limits(maxThreads, maxConnections, idleTimeout, headers, request);
    }
  }

  /**
   * @param name what the port serves, for messages ({@code probes and metrics})
   * @param address where to listen; a wildcard address listens on every interface
   * @param routes the handler of each exact path
   * @throws EndpointStartException when the TLS certificate or key cannot be read or loaded, naming
   *     the option and the file
   */
  public HttpEndpoints(
      String name,
      InetSocketAddress address,
      Limits limits,
      Optional<Tls> tls,
      Map<String, ? extends Handler> routes) {
    this.name = name;
    String threadName = "netseg-http-" + name.replaceAll("[^A-Za-z]+", "-");
    QueuedThreadPool threads = new QueuedThreadPool(limits.maxThreads(), 4, 60_000);
    threads.setName(threadName);
    threads.setDaemon(true);
    Scheduler scheduler = new ScheduledExecutorScheduler(threadName + "-timer", true);
    server = new Server(threads, scheduler, null);

    HttpConfiguration config = new HttpConfiguration();
    config.setSendServerVersion(false);
    config.setSendXPoweredBy(false);
    HttpConnectionFactory http = new HttpConnectionFactory(config);
    if (tls.isPresent()) {
      // The JDK server checked no SNI host; neither does this one (collectors may dial an IP).
      config.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
      // Protects the key entry of a KeyStore that never leaves memory.
      byte[] random = new byte[16];
      new SecureRandom().nextBytes(random);
      char[] password = HexFormat.of().formatHex(random).toCharArray();
      PemPair pem = PemPair.read(tls.get());
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setKeyStore(pem.keyStore(tls.get(), password));
      ssl.setKeyManagerPassword(new String(password));
      connector =
          new ServerConnector(
              server, 1, 1, new SslConnectionFactory(ssl, http.getProtocol()), http);
      reloader =
          tls.get().reloadEvery().isZero()
              ? Optional.empty()
              : Optional.of(new CertificateReloader(name, tls.get(), ssl, password, pem));
    } else {
      connector = new ServerConnector(server, 1, 1, http);
      reloader = Optional.empty();
    }
    connector.setHost(
        address.getAddress() == null || address.getAddress().isAnyLocalAddress()
            ? null
            : address.getAddress().getHostAddress());
    connector.setPort(address.getPort());
    connector.setIdleTimeout(limits.idleTimeout().toMillis());
    // Connections the server has not taken yet (it reached its limit, or its acceptor lags in a
    // busy process) wait in the kernel's accept queue. Java's default of 50 is less than the limit:
    // beyond it the kernel drops SYNs, and a kubelet probe waits for a retransmit (1 s, its whole
    // default timeout).
    connector.setAcceptQueueSize(limits.maxConnections());
    server.addConnector(connector);

    connectionLimit = new NetworkConnectionLimit(limits.maxConnections(), server);
    connectionLimit.setEndPointIdleTimeout(Math.min(2_000, limits.idleTimeout().toMillis()));
    server.addBean(connectionLimit);

    HeaderDeadline headers =
        new HeaderDeadline(
            scheduler,
            limits.headerDeadline(),
            new RequestDeadline(scheduler, limits.requestDeadline(), new ExactPaths(routes)));
    connector.addEventListener(headers.connectionListener());
    server.setHandler(headers);
  }

  /**
   * @throws EndpointStartException when the port cannot be listened on, naming it and this endpoint
   */
  public void start() {
    try {
      server.start();
    } catch (Exception e) {
      stopQuietly();
      Optional<BindException> bind = bindException(e);
      throw new EndpointStartException(
          bind.isPresent()
              ? "cannot listen on port "
                  + connector.getPort()
                  + " ("
                  + name
                  + "): "
                  + words(bind.get())
              : "cannot start " + name + " on port " + connector.getPort() + ": " + e,
          e);
    }
    reloader.ifPresent(CertificateReloader::start);
  }

  private static Optional<BindException> bindException(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException b) {
        return Optional.of(b);
      }
    }
    return Optional.empty();
  }

  /** "Address already in use" as "address already in use", to follow a colon. */
  private static String words(BindException e) {
    String m = e.getMessage() == null || e.getMessage().isBlank() ? "cannot bind" : e.getMessage();
    return m.substring(0, 1).toLowerCase(Locale.ROOT) + m.substring(1);
  }

  /** The bound port (useful when 0 was asked for). */
  public int port() {
    return connector.getLocalPort();
  }

  /** Connections the server has taken and not closed yet (not those waiting in the kernel). */
  int openConnections() {
    return connectionLimit.getNetworkConnectionCount();
  }

  @Override
  public void close() {
    reloader.ifPresent(CertificateReloader::close);
    stopQuietly();
  }

  private void stopQuietly() {
    try {
      server.stop();
    } catch (Exception e) {
      // stopping a server that failed or is closing: nothing left to do
    }
  }
}
