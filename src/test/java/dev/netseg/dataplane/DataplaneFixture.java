package dev.netseg.dataplane;

import dev.netseg.it.ApiServerFixture;
import dev.netseg.policy.Endpoint;
import inet.ipaddr.IPAddressString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node of a real cluster, as far as NetworkPolicy goes, on this machine: a real etcd +
 * kube-apiserver of its own (the IT tier's {@link ApiServerFixture}), and kube-router's network
 * policy controller enforcing what it stores on real packets between network namespaces. Pods exist
 * as API objects ({@link ClusterDriver} writes them, as a scheduler and kubelet would) and as
 * network namespaces ({@link NodeNetwork#addHosts}) whose {@link NetnsAgent} serves and probes.
 *
 * <p>Everything lives in network namespaces of one {@link RunScope} and in processes inside them;
 * {@link #close} removes them, a JVM shutdown hook does the same on SIGTERM, and the next run's
 * sweep after a SIGKILL. Start it through {@link Dataplane}: one per test JVM, shared by the tier's
 * classes, each of which removes the pods, namespaces and hosts it made.
 *
 * <p>It fails (never skips) when the machine cannot run it: not root, no network namespaces, no
 * iptables or ipset, no kube-router binary ({@code scripts/k8s-test-binaries} provides them).
 */
public final class DataplaneFixture implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DataplaneFixture.class);

  static final String NODE_NAME = "dataplane-node";

  /** The node's InternalIP, on the node namespace's {@code lo}; outside every pod range used. */
  static final String NODE_IP = "172.31.0.1";

  /** What the node serves on {@link #NODE_IP}, for probes from pods to their node. */
  static final List<PortKey> NODE_PORTS =
      List.of(PortKey.tcp(80), PortKey.tcp(81), PortKey.udp(80), PortKey.udp(81));

  private final RunScope scope;
  private final Path logs;
  private final List<AutoCloseable> parts;
  private final ApiServerFixture api;
  private final NodeNetwork network;
  private final KubeRouter router;
  private final ClusterDriver cluster;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread shutdownHook = new Thread(this::closeQuietly, "dataplane-shutdown");

  private DataplaneFixture(
      RunScope scope,
      Path logs,
      List<AutoCloseable> parts,
      ApiServerFixture api,
      NodeNetwork network,
      KubeRouter router) {
    this.scope = scope;
    this.logs = logs;
    this.parts = parts;
    this.api = api;
    this.network = network;
    this.router = router;
    this.cluster = new ClusterDriver(api.admin(), router, NODE_NAME, NODE_IP);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts the API server, the node's network and kube-router; state under {@code workRoot}. */
  public static DataplaneFixture start(Path workRoot) {
    Preflight.check();
    KubeRouterBinary binary = KubeRouterBinary.fromEnvironment();
    RunScope scope = RunScope.open();
    List<AutoCloseable> parts = new ArrayList<>(List.of(scope));
    try {
      Path logs = Files.createDirectories(workRoot.toAbsolutePath().resolve("run-" + scope.id()));
      long started = System.nanoTime();
      Set<Long> before =
          ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
      ApiServerFixture api = ApiServerFixture.start(workRoot.resolve("kube-api-test"));
      parts.add(api);
      // etcd and kube-apiserver: the processes that start just started
      scope.recordProcesses(
          ProcessHandle.current().descendants().filter(p -> !before.contains(p.pid())).toList());
      NodeNetwork network = Preflight.namespaces(() -> NodeNetwork.create(scope, NODE_IP, logs));
      parts.add(network);
      int apiPort = URI.create(api.admin().getConfiguration().getMasterUrl()).getPort();
      ApiRelay relay = ApiRelay.start(scope.socketFile("api"), apiPort);
      parts.add(relay);
      network.nodeAgent().call("relay " + apiPort + " " + relay.socketFile());
      for (PortKey p : NODE_PORTS) {
        network
            .nodeAgent()
            .call(
                "listen "
                    + p.protocol().name().toLowerCase(Locale.ROOT)
                    + " "
                    + NODE_IP
                    + " "
                    + p.port());
      }
      registerNode(api);
      KubeRouter router =
          KubeRouter.start(
              binary,
              network.netns(),
              NODE_NAME,
              api.kubeconfig(),
              logs.resolve("kube-router.log"));
      parts.add(router);
      LOG.info(
          "dataplane {} ready in {} ms: kube-router {} in {}, logs in {}",
          scope.id(),
          (System.nanoTime() - started) / 1_000_000,
          binary.version(),
          network.netns(),
          logs);
      return new DataplaneFixture(scope, logs, parts, api, network, router);
    } catch (IOException | RuntimeException e) {
      RuntimeException failure =
          e instanceof RuntimeException r ? r : new UncheckedIOException((IOException) e);
      closeAll(parts, failure);
      throw failure;
    }
  }

  private static void registerNode(ApiServerFixture api) {
    Node node =
        api.admin()
            .nodes()
            .resource(new NodeBuilder().withNewMetadata().withName(NODE_NAME).endMetadata().build())
            .create();
    node.setStatus(
        new io.fabric8.kubernetes.api.model.NodeStatusBuilder()
            .addNewAddress()
            .withType("InternalIP")
            .withAddress(NODE_IP)
            .endAddress()
            .addNewAddress()
            .withType("Hostname")
            .withAddress(NODE_NAME)
            .endAddress()
            .build());
    api.admin().nodes().resource(node).updateStatus();
  }

  /** The writes a cluster's scheduler and kubelet would make, and the wait for kube-router. */
  ClusterDriver cluster() {
    return cluster;
  }

  /** The API server (admin client, kubectl, kubeconfig). */
  public ApiServerFixture api() {
    return api;
  }

  /** Network namespaces joined to the node, one per address, each with an agent. */
  List<Host> addHosts(List<String> ips) {
    return network.addHosts(ips);
  }

  /** Removes hosts made by {@link #addHosts}. */
  void removeHosts(List<Host> hosts) {
    hosts.forEach(network::remove);
  }

  /** The node itself, as a probe's source or destination (its agent serves the node IP). */
  Peer node() {
    return new Peer(
        "node",
        new Endpoint.Address(new IPAddressString(NODE_IP).getAddress()),
        network.nodeAgent(),
        NODE_IP);
  }

  KubeRouter kubeRouter() {
    return router;
  }

  /** Where this run's agents and kube-router write their logs. */
  Path logs() {
    return logs;
  }

  String runId() {
    return scope.id();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: this is the hook
    }
    RuntimeException failure = closeAll(parts, null);
    if (failure != null) {
      throw failure;
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (RuntimeException e) {
      LOG.warn("dataplane {} not fully removed; the next run sweeps it", scope.id(), e);
    }
  }

  /** Closes in reverse order of starting; the first failure, with the others suppressed. */
  private static RuntimeException closeAll(List<AutoCloseable> parts, RuntimeException failure) {
    for (int i = parts.size() - 1; i >= 0; i--) {
      try {
        parts.get(i).close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e instanceof RuntimeException r ? r : new IllegalStateException(e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    return failure;
  }
}
