package dev.netseg.it;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One pod of the operator's Deployment, run as the process the image runs ({@code java -jar
 * netseg.jar} with the container's args) with the container's environment, as its ServiceAccount:
 * everything is read from the Deployment that {@code helm install} stored, so the chart and this
 * test cannot drift apart.
 *
 * <p>What a kubelet would do differently, and why: the downward-API variables get the pod's name
 * and namespace; the API server is reached through a kubeconfig holding a token of the pod's
 * ServiceAccount (a pod has the same token in-cluster); Secret volumes are written to a folder of
 * the replica's own and their mount paths in the args point there; and since every replica shares
 * this machine's loopback instead of having an IP of its own, each container port gets a free local
 * port (the args that name a container port are changed to it). Security contexts, resource limits
 * and probes' timing are the kubelet's and are not emulated; the probes' paths are read and asked.
 */
public final class OperatorReplica implements AutoCloseable {
  private static final Path JAR = Path.of("target", "netseg.jar");
  private static final Path LOGS = Path.of("target", "it-operator-processes");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private final String podName;
  private final Process process;
  private final Path log;
  private final Map<String, Integer> ports;
  private final String readinessPath;
  private final String livenessPath;

  private OperatorReplica(
      String podName,
      Process process,
      Path log,
      Map<String, Integer> ports,
      String readinessPath,
      String livenessPath) {
    this.podName = podName;
    this.process = process;
    this.log = log;
    this.ports = Map.copyOf(ports);
    this.readinessPath = readinessPath;
    this.livenessPath = livenessPath;
  }

  /** Starts the pod {@code podName} of the release's Deployment. */
  public static OperatorReplica start(ApiServerFixture api, HelmRelease release, String podName) {
    PodSpec pod = release.deployment().getSpec().getTemplate().getSpec();
    Container container =
        pod.getContainers().stream()
            .filter(c -> c.getName().equals("operator"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("the Deployment has no container 'operator'"));
    try {
      Files.createDirectories(LOGS);
      Path podDir = Files.createTempDirectory(LOGS, podName + "-");
      Map<String, Integer> ports = new LinkedHashMap<>();
      Map<String, String> portArgs = new LinkedHashMap<>();
      for (ContainerPort p : container.getPorts()) {
        int local = freePort();
        ports.put(p.getName(), local);
        portArgs.put("=" + p.getContainerPort(), "=" + local);
      }
      Map<String, Path> mounts = secretMounts(api, release, pod, container, podDir);
      List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", JAR.toString()));
      for (String arg : container.getArgs()) {
        command.add(rewrite(arg, portArgs, mounts));
      }
      ProcessBuilder builder = new ProcessBuilder(command);
      Map<String, String> env = builder.environment();
      env.remove("KUBERNETES_SERVICE_HOST");
      env.remove("KUBERNETES_SERVICE_PORT");
      env.remove("JAVA_TOOL_OPTIONS");
      env.put("HOSTNAME", podName);
      env.put(
          "KUBECONFIG",
          api.kubeconfigForServiceAccount(release.namespace(), pod.getServiceAccountName())
              .toString());
      for (EnvVar v : container.getEnv()) {
        env.put(v.getName(), value(v, podName, release.namespace()));
      }
      Path log = podDir.resolve("operator.log");
      builder.redirectErrorStream(true).redirectOutput(log.toFile());
      Process process = builder.start();
      return new OperatorReplica(
          podName,
          process,
          log,
          ports,
          container.getReadinessProbe().getHttpGet().getPath(),
          container.getLivenessProbe().getHttpGet().getPath());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start replica " + podName, e);
    }
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String rewrite(String arg, Map<String, String> ports, Map<String, Path> mounts) {
    String out = arg;
    for (Map.Entry<String, String> p : ports.entrySet()) {
      if (out.startsWith("--") && out.endsWith(p.getKey())) {
        out = out.substring(0, out.length() - p.getKey().length()) + p.getValue();
      }
    }
    for (Map.Entry<String, Path> m : mounts.entrySet()) {
      out = out.replace(m.getKey(), m.getValue().toString());
    }
    return out;
  }

  /** Writes each Secret volume the container mounts to a folder; mount path to folder. */
  private static Map<String, Path> secretMounts(
      ApiServerFixture api, HelmRelease release, PodSpec pod, Container container, Path podDir)
      throws IOException {
    Map<String, Path> mounts = new LinkedHashMap<>();
    for (VolumeMount mount : container.getVolumeMounts()) {
      Volume volume =
          pod.getVolumes().stream()
              .filter(v -> v.getName().equals(mount.getName()))
              .findFirst()
              .orElseThrow();
      if (volume.getSecret() == null) {
        continue; // emptyDir: the process has the machine's /tmp
      }
      Secret secret =
          api.admin()
              .secrets()
              .inNamespace(release.namespace())
              .withName(volume.getSecret().getSecretName())
              .get();
      if (secret == null) {
        throw new AssertionError("the pod mounts Secret " + volume.getSecret().getSecretName());
      }
      Path dir = Files.createDirectories(podDir.resolve("volume-" + mount.getName()));
      for (Map.Entry<String, String> e : secret.getData().entrySet()) {
        Files.write(dir.resolve(e.getKey()), Base64.getDecoder().decode(e.getValue()));
      }
      mounts.put(mount.getMountPath(), dir);
    }
    return mounts;
  }

  private static String value(EnvVar v, String podName, String namespace) {
    if (v.getValueFrom() == null) {
      return v.getValue() == null ? "" : v.getValue();
    }
    String field =
        v.getValueFrom().getFieldRef() == null ? "" : v.getValueFrom().getFieldRef().getFieldPath();
    return switch (field) {
      case "metadata.name" -> podName;
      case "metadata.namespace" -> namespace;
      default -> throw new AssertionError("env " + v.getName() + ": no stand-in for " + field);
    };
  }

  public String podName() {
    return podName;
  }

  public long pid() {
    return process.pid();
  }

  /** The local port standing in for the container port named {@code name}. */
  public int port(String name) {
    Integer port = ports.get(name);
    if (port == null) {
      throw new AssertionError("the container has no port named " + name + ": " + ports);
    }
    return port;
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** Whether the readiness probe's path answers 200 now. */
  public boolean ready() {
    return status(readinessPath) == 200;
  }

  /** Whether the liveness probe's path answers 200 now. */
  public boolean live() {
    return status(livenessPath) == 200;
  }

  /** The liveness probe's path, as the chart's Deployment names it. */
  public String livenessPath() {
    return livenessPath;
  }

  /** The readiness probe's path, as the chart's Deployment names it. */
  public String readinessPath() {
    return readinessPath;
  }

  /**
   * The answer to GET {@code path} on the probe port now, as the kubelet would get it: the status,
   * or the error instead when nothing answered.
   */
  public String answer(String path) {
    try {
      return Integer.toString(send(path).statusCode());
    } catch (IOException e) {
      return e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return e.toString();
    }
  }

  /** The HTTP status of GET {@code path} on the probe port, or -1 when nothing answers. */
  public int status(String path) {
    return get(path).map(HttpResponse::statusCode).orElse(-1);
  }

  /** The body of GET {@code path} on the probe port, or empty when nothing answers. */
  public Optional<HttpResponse<String>> get(String path) {
    try {
      return Optional.of(send(path));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private HttpResponse<String> send(String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port("http") + path))
            .timeout(Duration.ofSeconds(2))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** SIGTERM, as the kubelet sends when the pod is deleted. */
  public void terminate() {
    process.destroy();
  }

  /** SIGKILL. */
  public void kill() {
    process.destroyForcibly();
  }

  /** SIGSTOP: the process stays but does nothing, as a node that froze or lost its network. */
  public void pause() {
    signal("STOP");
  }

  /** SIGCONT. */
  public void resume() {
    signal("CONT");
  }

  private void signal(String name) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new AssertionError("kill -" + name + " " + pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Waits up to {@code timeout} for the process to end; its exit code, or empty if it runs. */
  public Optional<Integer> awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
          ? Optional.of(process.exitValue())
          : Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** What the process printed so far. */
  public String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  /** The last lines of the log, for assertion messages. */
  public String logTail() {
    List<String> lines = log().lines().toList();
    return podName
        + " ("
        + log
        + "):\n"
        + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      awaitExit(Duration.ofSeconds(10));
    }
  }
}
