package dev.netseg.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The chart lints cleanly and renders what an operator install needs, for several values. */
class HelmChartTest {

  @Test
  void lintsWithoutWarningsInStrictMode() {
    LintResult result = HelmChart.lint();

    assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
    assertThat(result.getMessages())
        .noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS) // render once for all its tests
  class WithDefaultValues {
    final HelmChart.Rendered rendered = HelmChart.render("{}");
    final Deployment deployment = rendered.one(Deployment.class);
    final PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    final Container operator = pod.getContainers().get(0);

    @Test
    void runsTwoReplicasWithLeaderElection() {
      assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
      assertThat(operator.getArgs())
          .startsWith("operator")
          .contains("--leader-election", "--lease-name=netseg-operator")
          .doesNotContain("--no-leader-election");
      assertThat(rendered.all(Role.class))
          .singleElement()
          .satisfies(r -> assertThat(r.getMetadata().getNamespace()).isEqualTo("netseg-system"));
    }

    @Test
    void runsAsFixedNonRootUserWithReadOnlyRootAndNoCapabilities() {
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
      assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
      assertThat(pod.getSecurityContext().getSeccompProfile().getType())
          .isEqualTo("RuntimeDefault");
      SecurityContext container = operator.getSecurityContext();
      assertThat(container.getRunAsNonRoot()).isTrue();
      assertThat(container.getRunAsUser()).isPositive();
      assertThat(container.getReadOnlyRootFilesystem()).isTrue();
      assertThat(container.getAllowPrivilegeEscalation()).isFalse();
      assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
      assertThat(container.getCapabilities().getAdd()).isNullOrEmpty();
      assertThat(container.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    }

    @Test
    void hasWritableTmpAndNoOtherVolume() {
      assertThat(pod.getVolumes()).extracting(Volume::getName).containsExactly("tmp");
      assertThat(pod.getVolumes().get(0).getEmptyDir()).isNotNull();
      assertThat(operator.getVolumeMounts())
          .singleElement()
          .satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    }

    @Test
    void probesTheOperatorsHealthEndpointsOnTheHttpPort() {
      assertThat(operator.getPorts())
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.getName()).isEqualTo("http");
                assertThat(p.getContainerPort()).isEqualTo(8080);
              });
      assertThat(operator.getArgs()).contains("--http-port=8080");
      assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
      assertThat(operator.getLivenessProbe().getHttpGet().getPort())
          .isEqualTo(new IntOrString("http"));
      assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
      assertThat(operator.getReadinessProbe().getHttpGet().getPort())
          .isEqualTo(new IntOrString("http"));
    }

    @Test
    void setsResourcesAndJvmHeapFromTheMemoryLimit() {
      Map<String, Quantity> requests = operator.getResources().getRequests();
      Map<String, Quantity> limits = operator.getResources().getLimits();
      assertThat(requests).containsKeys("cpu", "memory");
      assertThat(limits).containsKeys("cpu", "memory");
      assertThat(Quantity.getAmountInBytes(limits.get("memory")))
          .isGreaterThanOrEqualTo(Quantity.getAmountInBytes(requests.get("memory")));
      assertThat(env(operator, "JAVA_TOOL_OPTIONS").getValue()).contains("-XX:MaxRAMPercentage=");
      assertThat(env(operator, "POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath())
          .isEqualTo("metadata.namespace");
    }

    @Test
    void keepsOneReplicaUpDuringDrains() {
      PodDisruptionBudget pdb = rendered.one(PodDisruptionBudget.class);
      assertThat(pdb.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
      assertThat(pdb.getSpec().getSelector().getMatchLabels())
          .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
    }

    @Test
    void exposesMetricsOnlyAndNoServiceMonitorOrFlowService() {
      assertThat(rendered.all(Service.class))
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.getMetadata().getName()).isEqualTo("netseg-operator-metrics");
                assertThat(s.getSpec().getSelector())
                    .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
                assertThat(s.getSpec().getPorts())
                    .extracting(ServicePort::getTargetPort)
                    .containsExactly(new IntOrString("http"));
              });
      assertThat(rendered.ofKind("ServiceMonitor")).isEmpty();
    }

    @Test
    void ownNetworkPolicyAllowsOnlyApiServerDnsOutAndMetricsIn() {
      NetworkPolicy np = rendered.one(NetworkPolicy.class);
      assertThat(np.getSpec().getPodSelector().getMatchLabels())
          .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
      assertThat(np.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");

      List<NetworkPolicyIngressRule> ingress = np.getSpec().getIngress();
      assertThat(ingress).singleElement();
      assertThat(ports(ingress.get(0).getPorts())).containsExactly("TCP/8080");
      assertThat(ingress.get(0).getFrom())
          .singleElement()
          .satisfies(
              peer ->
                  assertThat(peer.getNamespaceSelector().getMatchLabels())
                      .containsEntry("kubernetes.io/metadata.name", "monitoring"));

      List<NetworkPolicyEgressRule> egress = np.getSpec().getEgress();
      assertThat(egress).hasSize(2);
      assertThat(ports(egress.get(0).getPorts())).containsExactly("TCP/443", "TCP/6443");
      assertThat(ports(egress.get(1).getPorts())).containsExactly("UDP/53", "TCP/53");
      assertThat(egress.get(1).getTo())
          .singleElement()
          .satisfies(
              peer -> {
                assertThat(peer.getNamespaceSelector().getMatchLabels())
                    .containsEntry("kubernetes.io/metadata.name", "kube-system");
                assertThat(peer.getPodSelector().getMatchLabels())
                    .containsEntry("k8s-app", "kube-dns");
              });
    }
  }

  @Nested
  class WithNonDefaultValues {

    @Test
    void singleReplicaRunsWithoutLeaderElectionOrLeaseRole() {
      HelmChart.Rendered rendered =
          HelmChart.render("replicaCount: 1\nleaderElection: {enabled: false}\n");
      Deployment deployment = rendered.one(Deployment.class);

      assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
      assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
          .contains("--no-leader-election")
          .noneMatch(a -> a.startsWith("--lease-name") || a.equals("--leader-election"));
      assertThat(rendered.all(Role.class)).isEmpty();
    }

    @Test
    void watchedNamespacesArePassedToTheOperator() {
      Container operator = operator(HelmChart.render("watchNamespaces: [shop, payments, data]"));

      assertThat(operator.getArgs()).contains("--watch-namespaces=shop,payments,data");
    }

    @Test
    void flowIngestionAddsPortServiceAndPolicyIngress() {
      HelmChart.Rendered rendered =
          HelmChart.render(
              "flowIngestion:\n"
                  + "  enabled: true\n"
                  + "  allowed: [\"system:serviceaccount:monitoring:exporter\"]\n"
                  + "  tls: {secretName: flows-tls}\n");
      Container operator = operator(rendered);

      assertThat(operator.getPorts())
          .anySatisfy(
              p -> {
                assertThat(p.getName()).isEqualTo("flow-ingest");
                assertThat(p.getContainerPort()).isEqualTo(8443);
              });
      assertThat(operator.getArgs())
          .contains(
              "--flow-ingest-port=8443",
              "--flow-ingest-allowed=system:serviceaccount:monitoring:exporter",
              "--flow-ingest-max-bytes=4194304");
      Service flows = rendered.named(Service.class, "netseg-operator-flows").orElseThrow();
      assertThat(flows.getSpec().getPorts())
          .singleElement()
          .satisfies(p -> assertThat(p.getTargetPort()).isEqualTo(new IntOrString("flow-ingest")));
      NetworkPolicy np = rendered.one(NetworkPolicy.class);
      assertThat(np.getSpec().getIngress())
          .extracting(r -> ports(r.getPorts()))
          .containsExactly(List.of("TCP/8080"), List.of("TCP/8443"));
      assertThat(
              deployment(rendered).getSpec().getTemplate().getSpec().getVolumes().stream()
                  .filter(v -> v.getSecret() != null)
                  .map(v -> v.getSecret().getSecretName()))
          .containsExactly("flows-tls");
    }

    @Test
    void hubbleRelayOpensEgressToRelayPodsOnly() {
      HelmChart.Rendered rendered =
          HelmChart.render(
              "hubbleRelay: {address: \"hubble-relay.kube-system:80\", caSecretName: relay-ca}");

      assertThat(operator(rendered).getArgs())
          .contains(
              "--hubble-relay=hubble-relay.kube-system:80",
              "--hubble-relay-ca=/etc/netseg/hubble-relay-ca/ca.crt");
      List<NetworkPolicyEgressRule> egress =
          rendered.one(NetworkPolicy.class).getSpec().getEgress();
      assertThat(egress).hasSize(3);
      assertThat(ports(egress.get(2).getPorts())).containsExactly("TCP/4245");
      assertThat(egress.get(2).getTo())
          .singleElement()
          .satisfies(
              peer ->
                  assertThat(peer.getPodSelector().getMatchLabels())
                      .containsEntry("k8s-app", "hubble-relay"));
    }

    @Test
    void apiServerCidrsNarrowTheApiServerEgress() {
      NetworkPolicy np =
          HelmChart.render(
                  "networkPolicy: {apiServer: {cidrs: [\"172.18.0.0/24\"], ports: [6443]}}")
              .one(NetworkPolicy.class);

      NetworkPolicyEgressRule api = np.getSpec().getEgress().get(0);
      assertThat(ports(api.getPorts())).containsExactly("TCP/6443");
      assertThat(api.getTo())
          .singleElement()
          .satisfies(peer -> assertThat(peer.getIpBlock().getCidr()).isEqualTo("172.18.0.0/24"));
    }

    @Test
    void serviceMonitorScrapesTheMetricsServiceOnly() {
      HelmChart.Rendered rendered =
          HelmChart.render(
              "metrics: {serviceMonitor: {enabled: true, labels: {release: prometheus}}}\n"
                  + "flowIngestion: {enabled: true, allowed: [\"system:serviceaccount:x:someone\"]}");
      GenericKubernetesResource monitor =
          (GenericKubernetesResource) rendered.ofKind("ServiceMonitor").get(0);

      assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
      assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
      @SuppressWarnings("unchecked")
      Map<String, String> selector =
          (Map<String, String>) monitor.get("spec", "selector", "matchLabels");
      assertThat(
              rendered.all(Service.class).stream()
                  .filter(
                      s -> s.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                  .map(s -> s.getMetadata().getName()))
          .containsExactly("netseg-operator-metrics");
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> endpoints =
          (List<Map<String, Object>>) monitor.get("spec", "endpoints");
      assertThat(endpoints)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e).containsEntry("port", "http-metrics");
                assertThat(e).containsEntry("path", "/metrics");
              });
    }

    @Test
    void networkPolicyCanBeTurnedOff() {
      assertThat(HelmChart.render("networkPolicy: {enabled: false}").all(NetworkPolicy.class))
          .isEmpty();
    }
  }

  @Nested
  class RejectsContradictoryValues {
    @Test
    void severalReplicasWithoutLeaderElection() {
      assertThatThrownBy(() -> HelmChart.template("leaderElection: {enabled: false}"))
          .hasMessageContaining("replicaCount > 1 requires leaderElection.enabled=true");
    }

    @Test
    void flowIngestionWithoutAllowedUsers() {
      assertThatThrownBy(() -> HelmChart.template("flowIngestion: {enabled: true}"))
          .hasMessageContaining("flowIngestion.enabled=true requires flowIngestion.allowed");
    }

    @Test
    void serviceMonitorWithoutMetricsService() {
      assertThatThrownBy(
              () ->
                  HelmChart.template(
                      "metrics: {service: {enabled: false}, serviceMonitor: {enabled: true}}"))
          .hasMessageContaining("metrics.serviceMonitor.enabled=true requires");
    }
  }

  static Deployment deployment(HelmChart.Rendered rendered) {
    return rendered.one(Deployment.class);
  }

  static Container operator(HelmChart.Rendered rendered) {
    return deployment(rendered).getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  static EnvVar env(Container c, String name) {
    return c.getEnv().stream().filter(e -> name.equals(e.getName())).findFirst().orElseThrow();
  }

  static List<String> ports(List<NetworkPolicyPort> ports) {
    return ports.stream().map(p -> p.getProtocol() + "/" + p.getPort().getIntVal()).toList();
  }
}
