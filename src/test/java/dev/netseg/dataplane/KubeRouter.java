package dev.netseg.dataplane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * kube-router's network policy controller, and nothing else of it, running inside the node's
 * network namespace: it watches the API server (through the relay) and writes iptables rules and
 * ipsets there for the pods whose {@code status.hostIP} is the node's InternalIP.
 */
final class KubeRouter implements AutoCloseable {
  static final String SERVICE_CLUSTER_IP_RANGE = "10.96.0.0/12";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final Process process;
  private final KubeRouterLog log;
  private final Path logFile;

  private KubeRouter(Process process, Path logFile) {
    this.process = process;
    this.logFile = logFile;
    this.log = new KubeRouterLog(logFile);
  }

  /**
   * Starts kube-router as node {@code nodeName} inside {@code netns} and waits for its first full
   * sync.
   */
  static KubeRouter start(
      KubeRouterBinary binary, String netns, String nodeName, Path kubeconfig, Path logFile) {
    List<String> command =
        List.of(
            "ip",
            "netns",
            "exec",
            netns,
            binary.path().toString(),
            "--kubeconfig=" + kubeconfig,
            "--run-firewall=true",
            "--run-router=false",
            "--run-service-proxy=false",
            "--hostname-override=" + nodeName,
            "--enable-ipv4=true",
            "--enable-ipv6=false",
            "--service-cluster-ip-range=" + SERVICE_CLUSTER_IP_RANGE,
            "--health-port=0",
            "--metrics-port=0",
            "-v=2");
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("NODE_NAME", nodeName);
    builder.redirectErrorStream(true).redirectOutput(logFile.toFile());
    try {
      KubeRouter router = new KubeRouter(builder.start(), logFile);
      router.await(
          () -> router.log.anySyncEnded(0), START_TIMEOUT, "its first full sync of iptables");
      return router;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + binary.path(), e);
    }
  }

  KubeRouterLog log() {
    return log;
  }

  Path logFile() {
    return logFile;
  }

  /**
   * Waits until {@code condition} holds, polling; fails if kube-router exits or the deadline
   * passes.
   */
  void await(BooleanSupplier condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "kube-router exited ("
                + process.exitValue()
                + ") waiting for "
                + what
                + ":\n"
                + tail());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "kube-router did not reach " + what + " in " + timeout + ":\n" + tail());
      }
      try {
        process.waitFor(20, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for " + what, e);
      }
    }
  }

  String tail() {
    return logFile + ":\n" + log.tail(30);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
