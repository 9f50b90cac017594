package dev.netseg.it;

import io.fabric8.kubeapitest.KubeAPIServerConfig;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubeapitest.binary.BinaryManager;
import io.fabric8.kubeapitest.cert.CertManager;
import io.fabric8.kubeapitest.kubeconfig.KubeConfig;
import io.fabric8.kubeapitest.process.EtcdProcess;
import io.fabric8.kubeapitest.process.ProcessReadinessChecker;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd and a kube-apiserver that can be restarted on the same port and the same etcd data, for the
 * tests that the operator survives an API server restart.
 *
 * <p>kube-api-test 7.5.2 cannot do this: {@code KubeAPIServer.stop()} stops etcd too and deletes
 * its data, a stopped instance cannot start again, and each start picks a new port. So this class
 * uses kube-api-test's parts (binaries, certificates, etcd process, readiness check, kubeconfig)
 * and runs the kube-apiserver process itself, with the flags kube-api-test gives it and a port
 * fixed for the server's life, so that clients keep their address across restarts.
 */
final class RestartableApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RestartableApiServer.class);

  private final BinaryManager binaries;
  private final CertManager certs;
  private final EtcdProcess etcd;
  private final Path testDir;
  private final Path serverDir;
  private final int etcdPort;
  private final int port;
  private final List<KubernetesClient> clients = new ArrayList<>();
  private Process apiServer;
  private int starts;

  private RestartableApiServer(
      BinaryManager binaries,
      CertManager certs,
      EtcdProcess etcd,
      Path testDir,
      Path serverDir,
      int etcdPort,
      int port) {
    this.binaries = binaries;
    this.certs = certs;
    this.etcd = etcd;
    this.testDir = testDir;
    this.serverDir = serverDir;
    this.etcdPort = etcdPort;
    this.port = port;
  }

  static RestartableApiServer start(Path workRoot) {
    KubeTestBinaries pinned = KubeTestBinaries.fromEnvironment();
    try {
      Path testDir = ApiServerFixture.testDir(workRoot, pinned);
      Path serverDir = Files.createTempDirectory(testDir, "restartable-");
      KubeAPIServerConfig config =
          KubeAPIServerConfigBuilder.anAPIServerConfig()
              .withTestDir(testDir.toString())
              .withApiServerVersion(pinned.kubernetesVersion())
              .withOfflineMode(true)
              .withStartupTimeout(ApiServerFixture.STARTUP_TIMEOUT_MILLIS)
              .build();
      BinaryManager binaries = new BinaryManager(config);
      binaries.initAndDownloadIfRequired();
      CertManager certs = new CertManager(testDir.toString());
      certs.createCertificatesIfNeeded();
      EtcdProcess etcd =
          new EtcdProcess(
              binaries,
              p -> LOG.error("etcd exited unexpectedly ({})", p.exitValue()),
              true,
              ApiServerFixture.STARTUP_TIMEOUT_MILLIS);
      ReadinessPollWindow.awaitSafeStart(
          "etcd and kube-apiserver", ApiServerFixture.STARTUP_TIMEOUT);
      int etcdPort = etcd.startEtcd();
      RestartableApiServer server =
          new RestartableApiServer(binaries, certs, etcd, testDir, serverDir, etcdPort, freePort());
      try {
        server.startApiServer();
      } catch (RuntimeException e) {
        server.close(); // etcd and a kube-apiserver that did not become ready
        throw e;
      }
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the API server folder under " + workRoot, e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private void startApiServer() {
    List<String> command =
        List.of(
            binaries.binaries().getApiServer().getAbsolutePath(),
            "--cert-dir",
            testDir.toString(),
            "--secure-port",
            String.valueOf(port),
            "--etcd-servers",
            "http://127.0.0.1:" + etcdPort,
            "--authorization-mode",
            "RBAC",
            "--service-account-issuer",
            "https://localhost",
            "--service-account-signing-key-file",
            certs.getAPIServerKeyPath(),
            "--service-account-key-file",
            certs.getAPIServerKeyPath(),
            "--disable-admission-plugins",
            "ServiceAccount",
            "--client-ca-file",
            certs.getClientCertPath(),
            "--service-cluster-ip-range",
            "10.0.0.0/24",
            "--allow-privileged");
    long started = System.nanoTime();
    try {
      Path log = serverDir.resolve("kube-apiserver-" + ++starts + ".log");
      apiServer =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command.get(0), e);
    }
    new ProcessReadinessChecker()
        .waitUntilReady(
            port, "readyz", "kube-apiserver", true, ApiServerFixture.STARTUP_TIMEOUT_MILLIS);
    LOG.info(
        "kube-apiserver on port {} ready in {} ms (start {})",
        port,
        (System.nanoTime() - started) / 1_000_000,
        starts);
  }

  /**
   * Stops the API server as a node shutdown or a rollout would (SIGTERM, then it drains its
   * requests and watches) and starts it again on the same port and etcd data.
   *
   * @return milliseconds from the stop signal until the new process answers /readyz
   */
  long restart() {
    ReadinessPollWindow.awaitSafeStart(
        "kube-apiserver", ApiServerFixture.STARTUP_TIMEOUT); // before it goes down
    long started = System.nanoTime();
    stopApiServer();
    startApiServer();
    return (System.nanoTime() - started) / 1_000_000;
  }

  private void stopApiServer() {
    if (apiServer == null) {
      return;
    }
    apiServer.destroy();
    try {
      if (!apiServer.waitFor(60, TimeUnit.SECONDS)) {
        apiServer.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping kube-apiserver", e);
    }
    apiServer = null;
  }

  /** A new client with full rights (the {@code system:masters} group); closed with the server. */
  synchronized KubernetesClient newAdminClient() {
    String kubeconfig = new KubeConfig(certs, binaries).generateKubeConfigYaml(port);
    KubernetesClient client =
        new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
    clients.add(client);
    return client;
  }

  @Override
  public synchronized void close() {
    clients.forEach(KubernetesClient::close);
    stopApiServer();
    etcd.stopEtcd();
    etcd.cleanEtcdData();
  }
}
