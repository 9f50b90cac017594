package dev.netseg.infer;

import static dev.netseg.testing.TestApps.workload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.model.Provenance;
import dev.netseg.testing.TestApps;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** API server egress inferred from ServiceAccount bindings and projected token volumes. */
class ApiServerInferenceTest {
  private static final String API = "; API server from EndpointSlice default/kubernetes";

  private static HasMetadata apiServerSlice() {
    return new EndpointSliceBuilder()
        .withNewMetadata()
        .withNamespace("default")
        .withName("kubernetes")
        .withLabels(Map.of("kubernetes.io/service-name", "kubernetes"))
        .endMetadata()
        .withAddressType("IPv4")
        .addNewEndpoint()
        .withAddresses("10.0.0.10")
        .endEndpoint()
        .addNewPort()
        .withName("https")
        .withPort(6443)
        .withProtocol("TCP")
        .endPort()
        .build();
  }

  private static HasMetadata yaml(String text) {
    return Serialization.unmarshal(text, HasMetadata.class);
  }

  private static HasMetadata roleBinding(String ns, String name, String subjects) {
    return yaml(
        """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: %s, namespace: %s}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-reader}
        subjects: %s
        """
            .formatted(name, ns, subjects));
  }

  private static HasMetadata clusterRoleBinding(String name, String subjects) {
    return yaml(
        """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: %s}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
        subjects: %s
        """
            .formatted(name, subjects));
  }

  private static HasMetadata serviceAccount(String ns, String name, boolean automount) {
    return yaml(
        """
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: %s, namespace: %s}
        automountServiceAccountToken: %s
        """
            .formatted(name, ns, automount));
  }

  private static Volume projectedToken(String name) {
    return new VolumeBuilder()
        .withName(name)
        .withNewProjected()
        .addNewSource()
        .withNewServiceAccountToken()
        .withAudience("vault")
        .withExpirationSeconds(600L)
        .withPath("token")
        .endServiceAccountToken()
        .endSource()
        .endProjected()
        .build();
  }

  private static final HasMetadata BINDS_CTL =
      roleBinding("ops", "ctl-read", "[{kind: ServiceAccount, name: ctl, namespace: ops}]");

  static Stream<Arguments> cases() {
    UnaryOperator<TestApps.W> ctl = w -> w.serviceAccount("ctl");
    return Stream.of(
        Arguments.of(
            "a RoleBinding names the workload's ServiceAccount",
            ctl,
            List.of(BINDS_CTL),
            List.of("RoleBinding ops/ctl-read (Role pod-reader) binds ServiceAccount ops/ctl")),
        Arguments.of(
            "a RoleBinding's subject without namespace is in the binding's namespace",
            ctl,
            List.of(roleBinding("ops", "local", "[{kind: ServiceAccount, name: ctl}]")),
            List.of("RoleBinding ops/local (Role pod-reader) binds ServiceAccount ops/ctl")),
        Arguments.of(
            "a RoleBinding in another namespace grants the account there",
            ctl,
            List.of(
                roleBinding(
                    "team", "ops-ctl", "[{kind: ServiceAccount, name: ctl, namespace: ops}]")),
            List.of("RoleBinding team/ops-ctl (Role pod-reader) binds ServiceAccount ops/ctl")),
        Arguments.of(
            "a ClusterRoleBinding names the workload's ServiceAccount",
            ctl,
            List.of(
                clusterRoleBinding(
                    "ctl-view", "[{kind: ServiceAccount, name: ctl, namespace: ops}]")),
            List.of("ClusterRoleBinding ctl-view (ClusterRole view) binds ServiceAccount ops/ctl")),
        Arguments.of(
            "the workload without serviceAccountName runs as default",
            UnaryOperator.<TestApps.W>identity(),
            List.of(roleBinding("ops", "dflt", "[{kind: ServiceAccount, name: default}]")),
            List.of("RoleBinding ops/dflt (Role pod-reader) binds ServiceAccount ops/default")),
        Arguments.of(
            "a binding of another account is no evidence",
            ctl,
            List.of(roleBinding("ops", "other", "[{kind: ServiceAccount, name: other}]")),
            List.of()),
        Arguments.of(
            "a binding of an account of the same name in another namespace is no evidence",
            ctl,
            List.of(clusterRoleBinding("x", "[{kind: ServiceAccount, name: ctl, namespace: dev}]")),
            List.of()),
        Arguments.of(
            "a group of all service accounts is no evidence for one workload",
            ctl,
            List.of(
                clusterRoleBinding(
                    "all",
                    "[{kind: Group, name: 'system:serviceaccounts', apiGroup: rbac.authorization.k8s.io}]")),
            List.of()),
        Arguments.of(
            "the automounted default token alone is no evidence", ctl, List.of(), List.of()),
        Arguments.of(
            "no token on the pod: a binding is no evidence",
            (UnaryOperator<TestApps.W>) w -> w.serviceAccount("ctl").automountToken(false),
            List.of(BINDS_CTL),
            List.of()),
        Arguments.of(
            "no token on the ServiceAccount and no pod override: a binding is no evidence",
            ctl,
            List.of(BINDS_CTL, serviceAccount("ops", "ctl", false)),
            List.of()),
        Arguments.of(
            "the pod overrides the ServiceAccount's automount",
            (UnaryOperator<TestApps.W>) w -> w.serviceAccount("ctl").automountToken(true),
            List.of(BINDS_CTL, serviceAccount("ops", "ctl", false)),
            List.of("RoleBinding ops/ctl-read (Role pod-reader) binds ServiceAccount ops/ctl")),
        Arguments.of(
            "a mounted projected token is evidence even without automount",
            (UnaryOperator<TestApps.W>)
                w ->
                    w.automountToken(false)
                        .volume(projectedToken("vault-token"))
                        .mount("vault-token", "/var/run/secrets/tokens"),
            List.of(),
            List.of(
                "Deployment ops/controller mounts volume vault-token (projected serviceAccountToken)")),
        Arguments.of(
            "a projected token volume no container mounts is no evidence",
            (UnaryOperator<TestApps.W>) w -> w.volume(projectedToken("unused")),
            List.of(),
            List.of()),
        Arguments.of(
            "the admission plugin's kube-api-access volume of a live pod is the default token",
            (UnaryOperator<TestApps.W>)
                w ->
                    w.volume(projectedToken("kube-api-access-x7k2p"))
                        .mount(
                            "kube-api-access-x7k2p",
                            "/var/run/secrets/kubernetes.io/serviceaccount"),
            List.of(),
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void apiServerEgressOnlyWithEvidenceThatTheWorkloadCallsIt(
      String name,
      UnaryOperator<TestApps.W> shape,
      List<HasMetadata> objects,
      List<String> evidence) {
    InferenceFixture f =
        new InferenceFixture()
            .add(shape.apply(workload("ops", "controller")).build())
            .add(workload("ops", "bystander").serviceAccount("bystander").build())
            .add(apiServerSlice());
    objects.forEach(f::add);
    InferenceResult r = f.infer();
    assertThat(r.flows())
        .allSatisfy(
            flow -> {
              assertThat(flow.toString())
                  .isEqualTo("ops/controller[Deployment] -> 10.0.0.10/32 TCP/6443");
              assertThat(flow.provenance())
                  .extracting(Provenance::evidence)
                  .containsExactlyElementsOf(evidence.stream().map(e -> e + API).toList());
              assertThat(flow.provenance())
                  .extracting(Provenance::source)
                  .containsOnly(Provenance.Source.MANIFEST);
            })
        .hasSize(evidence.isEmpty() ? 0 : 1);
    assertThat(r.findings()).isEmpty();
  }

  @Test
  void aBoundWorkloadWithoutAKnownApiServerAddressIsReportedWithItsBinding() {
    InferenceFixture f =
        new InferenceFixture()
            .add(workload("ops", "controller").serviceAccount("ctl").build())
            .add(BINDS_CTL);
    assertThat(f.flows()).isEmpty();
    assertThat(f.findings())
        .containsExactly(
            "Deployment ops/controller: calls the API server (RoleBinding ops/ctl-read (Role"
                + " pod-reader) binds ServiceAccount ops/ctl): the API server's address is unknown"
                + " (no EndpointSlice of default/kubernetes in the input and no API server CIDRs"
                + " configured)");
  }

  @Test
  void ingressOnlyModeAddsNoApiServerEgress() {
    InferenceFixture f =
        new InferenceFixture()
            .add(workload("ops", "controller").serviceAccount("ctl").build())
            .add(BINDS_CTL, apiServerSlice());
    f.options.ingressOnly(true);
    assertThat(f.flows()).isEmpty();
  }

  @Test
  void aDeclaredClientThatIsAlsoBoundKeepsBothPiecesOfEvidence() {
    InferenceFixture f =
        new InferenceFixture()
            .add(
                workload("ops", "controller")
                    .serviceAccount("ctl")
                    .annotation("netseg.dev/egress", "kube-apiserver")
                    .build())
            .add(BINDS_CTL, apiServerSlice());
    assertThat(f.flows())
        .containsExactly("ops/controller[Deployment] -> 10.0.0.10/32 TCP/6443 [declared,manifest]");
  }
}
