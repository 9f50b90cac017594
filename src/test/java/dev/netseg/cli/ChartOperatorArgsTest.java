package dev.netseg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.deploy.HelmChart;
import dev.netseg.operator.OperatorConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The arguments the chart gives the operator container are accepted by {@code netseg operator} and
 * mean what the values say: a renamed or mistyped flag fails here, not in a crash loop.
 */
class ChartOperatorArgsTest {

  @Test
  void defaultValuesGiveLeaderElectionOnTheReleaseNamedLease() {
    OperatorConfig config = configFrom(pod("{}"));

    assertThat(config.watchNamespaces()).isEmpty();
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.leaderElection())
        .hasValueSatisfying(l -> assertThat(l.leaseName()).isEqualTo("netseg-operator"));
    assertThat(config.flowIngest()).isEmpty();
    assertThat(config.hubbleRelay()).isEmpty();
    assertThat(config.edgeFlushInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.flowWarmup()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void nonDefaultValuesReachTheOperatorConfig() {
    PodSpec pod =
        pod(
            """
            replicaCount: 1
            leaderElection: {enabled: false}
            watchNamespaces: [shop, payments, data]
            httpPort: 9090
            edgeFlushInterval: PT2M
            flowWarmup: 0s
            flowIngestion:
              enabled: true
              port: 9443
              allowed: ["system:serviceaccount:monitoring:exporter", "system:serviceaccount:kube-system:x"]
              maxBytes: 1048576
              tls: {secretName: flows-tls}
            hubbleRelay:
              address: hubble-relay.kube-system:80
              caSecretName: relay-ca
              serverName: relay.hubble-grpc.cilium.io
            """);
    OperatorConfig config = configFrom(pod);

    assertThat(config.watchNamespaces()).containsExactlyInAnyOrder("shop", "payments", "data");
    assertThat(config.httpPort()).isEqualTo(9090);
    assertThat(config.leaderElection()).isEmpty();
    assertThat(config.edgeFlushInterval()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.flowWarmup()).isZero();
    OperatorConfig.FlowIngest flows = config.flowIngest().orElseThrow();
    assertThat(flows.port()).isEqualTo(9443);
    assertThat(flows.allowedUsers())
        .isEqualTo(
            Set.of(
                "system:serviceaccount:monitoring:exporter",
                "system:serviceaccount:kube-system:x"));
    assertThat(flows.maxBodyBytes()).isEqualTo(1_048_576L);
    assertThat(config.hubbleRelay().orElseThrow().address())
        .isEqualTo("hubble-relay.kube-system:80");
    assertThat(config.hubbleRelay().orElseThrow().serverName())
        .contains("relay.hubble-grpc.cilium.io");

    // Files named in flags come from the Secrets the values name.
    assertThat(secretBehind(pod, flows.tlsCertificate())).isEqualTo("flows-tls");
    assertThat(secretBehind(pod, flows.tlsKey())).isEqualTo("flows-tls");
    assertThat(secretBehind(pod, config.hubbleRelay().orElseThrow().caFile()))
        .isEqualTo("relay-ca");
  }

  @Test
  void edgeFlushIntervalInTheKubernetesStyleReachesTheOperatorConfig() {
    OperatorConfig config = configFrom(pod("edgeFlushInterval: 1m30s"));

    assertThat(config.edgeFlushInterval()).isEqualTo(Duration.ofSeconds(90));
  }

  private static PodSpec pod(String values) {
    return HelmChart.render(values).one(Deployment.class).getSpec().getTemplate().getSpec();
  }

  private static OperatorConfig configFrom(PodSpec pod) {
    List<String> args = pod.getContainers().get(0).getArgs();
    assertThat(args).first().isEqualTo("operator");
    OperatorCommand command = new OperatorCommand();
    new CommandLine(command).parseArgs(args.subList(1, args.size()).toArray(String[]::new));
    return command.config();
  }

  /** The Secret mounted where {@code file} lives in the operator container. */
  private static String secretBehind(PodSpec pod, Optional<Path> file) {
    Path path = file.orElseThrow();
    Container c = pod.getContainers().get(0);
    VolumeMount mount =
        c.getVolumeMounts().stream()
            .filter(m -> path.startsWith(Path.of(m.getMountPath())))
            .findFirst()
            .orElseThrow(() -> new AssertionError(path + " is on no mounted volume"));
    Volume volume =
        pod.getVolumes().stream()
            .filter(v -> v.getName().equals(mount.getName()))
            .findFirst()
            .orElseThrow();
    String key = Path.of(mount.getMountPath()).relativize(path).toString();
    if (volume.getSecret().getItems() != null && !volume.getSecret().getItems().isEmpty()) {
      assertThat(volume.getSecret().getItems()).anyMatch(i -> i.getPath().equals(key));
    }
    return volume.getSecret().getSecretName();
  }
}
