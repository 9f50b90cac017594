package dev.netseg.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real etcd + kube-apiserver (io.fabric8:kube-api-test, binaries from {@code
 * scripts/k8s-test-binaries}) for the {@code *IT} tier.
 *
 * <p>The API server always runs with {@code --authorization-mode=RBAC} (kube-api-test sets it) and
 * writes a JSON audit log of every request at Metadata level, so RBAC tests can check that no
 * request was forbidden. {@link #admin()} authenticates as a member of {@code system:masters};
 * {@link #clientForServiceAccount} as a ServiceAccount, through a token from the TokenRequest API.
 * The API server runs no controllers: nothing schedules pods, fills endpoints or collects garbage.
 */
public final class ApiServerFixture implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServerFixture.class);

  /** kube-api-test's default of 60 s is too short on a loaded 2-core machine. */
  static final int STARTUP_TIMEOUT_MILLIS = 180_000;

  static final Duration STARTUP_TIMEOUT = Duration.ofMillis(STARTUP_TIMEOUT_MILLIS);

  private static final Duration KUBECTL_TIMEOUT = Duration.ofMinutes(2);
  private static final String AUDIT_POLICY =
      """
      apiVersion: audit.k8s.io/v1
      kind: Policy
      omitStages: ["RequestReceived"]
      rules:
        - level: Metadata
      """;

  private final KubeTestBinaries binaries;
  private final Path serverDir;
  private final KubeAPIServer server;
  private final Config adminConfig;
  private final KubernetesClient admin;
  private final Path kubeconfig;
  private final Path auditLog;
  private final AtomicInteger namespaces = new AtomicInteger();
  private final List<KubernetesClient> clients = new ArrayList<>();

  private ApiServerFixture(
      KubeTestBinaries binaries, Path serverDir, KubeAPIServer server, Path auditLog) {
    this.binaries = binaries;
    this.serverDir = serverDir;
    this.server = server;
    this.auditLog = auditLog;
    String kubeconfigYaml = server.getKubeConfigYaml();
    this.kubeconfig = write(serverDir.resolve("kubeconfig"), kubeconfigYaml);
    this.adminConfig = Config.fromKubeconfig(kubeconfigYaml);
    this.admin = new KubernetesClientBuilder().withConfig(adminConfig).build();
  }

  /**
   * Starts etcd and kube-apiserver with the pinned binaries; state lives under {@code workRoot}.
   *
   * @throws IllegalStateException when the binaries are missing (with how to build them)
   */
  public static ApiServerFixture start(Path workRoot) {
    KubeTestBinaries binaries = KubeTestBinaries.fromEnvironment();
    try {
      Path testDir = testDir(workRoot, binaries);
      Path serverDir = Files.createTempDirectory(testDir, "server-");
      Path auditPolicy = write(serverDir.resolve("audit-policy.yaml"), AUDIT_POLICY);
      Path auditLog = serverDir.resolve("audit.log");
      KubeAPIServer server =
          new KubeAPIServer(
              KubeAPIServerConfigBuilder.anAPIServerConfig()
                  .withTestDir(testDir.toString())
                  .withApiServerVersion(binaries.kubernetesVersion())
                  // Builder values, not KUBE_API_TEST_* variables: 7.5.2 casts those wrongly.
                  .withOfflineMode(true)
                  .withStartupTimeout(STARTUP_TIMEOUT_MILLIS)
                  .withApiServerFlag("--audit-policy-file", auditPolicy.toString())
                  .withApiServerFlag("--audit-log-path", auditLog.toString())
                  .withApiServerFlag("--audit-log-format", "json")
                  .build());
      ReadinessPollWindow.awaitSafeStart("kube-apiserver", STARTUP_TIMEOUT);
      long started = System.nanoTime();
      try {
        server.start();
      } catch (RuntimeException e) {
        stopAfterFailedStart(server, e);
        throw e;
      }
      LOG.info(
          "kube-apiserver {} with etcd ready in {} ms ({})",
          binaries.kubernetesVersion(),
          (System.nanoTime() - started) / 1_000_000,
          serverDir);
      return new ApiServerFixture(binaries, serverDir, server, auditLog);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the API server folder under " + workRoot, e);
    }
  }

  /** kube-api-test leaves etcd and kube-apiserver running when its start fails: stop them. */
  private static void stopAfterFailedStart(KubeAPIServer server, RuntimeException failure) {
    try {
      server.stop();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  /**
   * kube-api-test keeps certificates next to its k8s/ folder: give it a folder of this build's own
   * under {@code workRoot}, whose k8s/&lt;version&gt; entry links to the shared binaries.
   */
  static Path testDir(Path workRoot, KubeTestBinaries binaries) throws IOException {
    Path testDir = Files.createDirectories(workRoot.toAbsolutePath());
    Path link = testDir.resolve("k8s").resolve(binaries.directory().getFileName());
    Files.createDirectories(link.getParent());
    if (!Files.isDirectory(link)) {
      Files.deleteIfExists(link);
      Files.createSymbolicLink(link, binaries.directory());
    }
    return testDir;
  }

  /** A client with full rights (the {@code system:masters} group). */
  public KubernetesClient admin() {
    return admin;
  }

  /** The Kubernetes version of the running binaries, e.g. {@code 1.34.4}. */
  public String kubernetesVersion() {
    return binaries.kubernetesVersion();
  }

  /** A kubeconfig file for the admin user, for kubectl and other tools. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /**
   * A client that authenticates as the ServiceAccount {@code namespace/name} (which must exist),
   * with a one-hour token from the TokenRequest API. Closed with the fixture.
   */
  public synchronized KubernetesClient clientForServiceAccount(String namespace, String name) {
    String token = serviceAccountToken(namespace, name);
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(adminConfig.getMasterUrl())
            .withCaCertFile(adminConfig.getCaCertFile())
            .withCaCertData(adminConfig.getCaCertData())
            .withOauthToken(token)
            .withNamespace(namespace)
            .build();
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    clients.add(client);
    return client;
  }

  /** A one-hour token of the ServiceAccount {@code namespace/name} from the TokenRequest API. */
  public String serviceAccountToken(String namespace, String name) {
    TokenRequest request =
        new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build();
    return admin
        .serviceAccounts()
        .inNamespace(namespace)
        .withName(name)
        .tokenRequest(request)
        .getStatus()
        .getToken();
  }

  /**
   * A kubeconfig file that authenticates as the ServiceAccount {@code namespace/name} with a token
   * of its own: what a pod of that ServiceAccount has in-cluster, for a process started by a test.
   */
  public Path kubeconfigForServiceAccount(String namespace, String name) {
    String yaml =
        """
        apiVersion: v1
        kind: Config
        clusters:
          - name: it
            cluster:
              server: %s
              certificate-authority-data: %s
        users:
          - name: %s
            user:
              token: %s
        contexts:
          - name: it
            context: {cluster: it, user: %s, namespace: %s}
        current-context: it
        """
            .formatted(
                adminConfig.getMasterUrl(),
                caCertificateBase64(),
                name,
                serviceAccountToken(namespace, name),
                name,
                namespace);
    try {
      Path file = Files.createTempFile(serverDir, "kubeconfig-" + namespace + "-" + name, ".yaml");
      return write(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a kubeconfig under " + serverDir, e);
    }
  }

  private String caCertificateBase64() {
    if (adminConfig.getCaCertData() != null) {
      return adminConfig.getCaCertData();
    }
    try {
      return java.util.Base64.getEncoder()
          .encodeToString(Files.readAllBytes(Path.of(adminConfig.getCaCertFile())));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + adminConfig.getCaCertFile(), e);
    }
  }

  /** The folder of this server's state (certificates, audit log, kubeconfigs). */
  public Path serverDir() {
    return serverDir;
  }

  /** Creates a namespace with a name unique on this server, starting with {@code prefix}. */
  public String createNamespace(String prefix) {
    String name = prefix.toLowerCase(Locale.ROOT) + "-" + namespaces.incrementAndGet();
    admin
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  /**
   * Applies every CRD in {@code dir} ({@code *.yml}, {@code *.yaml}) with server-side apply and
   * waits until each is Established. Idempotent.
   */
  public List<CustomResourceDefinition> installCrds(Path dir) {
    return installCrds(admin, dir);
  }

  /** {@link #installCrds(Path)} with any admin client. */
  static List<CustomResourceDefinition> installCrds(KubernetesClient admin, Path dir) {
    List<CustomResourceDefinition> installed = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file :
          files
              .filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml"))
              .sorted()
              .toList()) {
        CustomResourceDefinition crd =
            admin.apiextensions().v1().customResourceDefinitions().load(file.toFile()).item();
        crd.getMetadata().setManagedFields(null);
        admin
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .resource(crd)
            .fieldManager("netseg-it")
            .forceConflicts()
            .serverSideApply();
        installed.add(
            admin
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName(crd.getMetadata().getName())
                .waitUntilCondition(ApiServerFixture::established, 60, TimeUnit.SECONDS));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list CRDs in " + dir, e);
    }
    return installed;
  }

  static boolean established(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** Runs the pinned kubectl against this server as admin. */
  public KubectlResult kubectl(String... args) {
    List<String> command = new ArrayList<>();
    command.add(binaries.kubectl().toString());
    command.add("--kubeconfig=" + kubeconfig);
    command.add("--cache-dir=" + serverDir.resolve("kubectl-cache"));
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile(serverDir, "kubectl-", ".out");
      Path err = Files.createTempFile(serverDir, "kubectl-", ".err");
      Process process =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      if (!process.waitFor(KUBECTL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("kubectl did not finish in " + KUBECTL_TIMEOUT);
      }
      return new KubectlResult(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running kubectl", e);
    }
  }

  /** The API server's audit log (JSON lines, one event per request). */
  public Path auditLog() {
    return auditLog;
  }

  /** The audit events written so far, oldest first. */
  public List<JsonNode> auditEvents() {
    ObjectMapper mapper = new ObjectMapper();
    try (Stream<String> lines = Files.lines(auditLog, StandardCharsets.UTF_8)) {
      return lines
          .filter(line -> !line.isBlank())
          .map(
              line -> {
                try {
                  return mapper.readTree(line);
                } catch (IOException e) {
                  throw new UncheckedIOException("bad audit line in " + auditLog, e);
                }
              })
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + auditLog, e);
    }
  }

  @Override
  public synchronized void close() {
    clients.forEach(KubernetesClient::close);
    admin.close();
    server.stop();
  }

  private static Path write(Path file, String content) {
    try {
      return Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** What kubectl printed, and its exit code. */
  public record KubectlResult(int exitCode, String stdout, String stderr) {
    /** stdout, or an AssertionError with stderr when kubectl failed. */
    public String ok() {
      if (exitCode != 0) {
        throw new AssertionError("kubectl exited " + exitCode + ": " + stderr);
      }
      return stdout;
    }
  }
}
