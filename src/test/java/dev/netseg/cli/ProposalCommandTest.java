package dev.netseg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.operator.crd.PolicyProposal;
import dev.netseg.operator.crd.PolicyProposalSpec;
import dev.netseg.operator.crd.SegmentationProfile;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code netseg proposal} against the CRUD mock API server, through a kubeconfig file. */
@EnableKubernetesMockClient(crud = true)
class ProposalCommandTest {
  KubernetesClient client;
  @TempDir Path dir;
  private Path kubeconfig;

  private static final String POLICIES =
      """
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata:
        name: netseg-cart
        namespace: shop
      spec:
        podSelector:
          matchLabels:
            app: cart
        policyTypes:
        - Ingress
      ---
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata:
        name: netseg-frontend
        namespace: shop
      spec:
        podSelector:
          matchLabels:
            app: frontend
        policyTypes:
        - Ingress
        - Egress
      """;

  @BeforeEach
  void kubeconfig() {
    kubeconfig = MockKubeconfig.write(dir, client);
  }

  private void profile(String name) {
    SegmentationProfile p = new SegmentationProfile();
    p.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("shop").build());
    client.resource(p).create();
  }

  private void proposal(String name, PolicyProposalSpec spec) {
    PolicyProposal p = new PolicyProposal();
    p.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("shop").build());
    spec.setProfile(name);
    p.setSpec(spec);
    client.resource(p).create();
  }

  private CliRun run(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "proposal";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--kubeconfig";
    all[args.length + 2] = kubeconfig.toString();
    return CliRun.of(all);
  }

  @Test
  void printsTheProposedPoliciesAsYamlByDefault() {
    profile("shop");
    PolicyProposalSpec spec = new PolicyProposalSpec();
    spec.setYaml(POLICIES);
    proposal("shop", spec);

    CliRun run = run("shop/shop");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo(POLICIES);
  }

  @Test
  void printsAJsonListWithOutputJsonAndReadsCompressedProposals() throws Exception {
    profile("big");
    PolicyProposalSpec spec = new PolicyProposalSpec();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(POLICIES.getBytes(StandardCharsets.UTF_8));
    }
    spec.setYamlGzip(Base64.getEncoder().encodeToString(bytes.toByteArray()));
    proposal("big", spec);

    CliRun run = run("shop/big", "-o", "json");

    assertThat(run.exitCode()).isZero();
    KubernetesList list = Serialization.unmarshal(run.out(), KubernetesList.class);
    assertThat(list.getItems())
        .extracting(o -> o.getKind() + " " + o.getMetadata().getName())
        .containsExactly("NetworkPolicy netseg-cart", "NetworkPolicy netseg-frontend");
    assertThat(((NetworkPolicy) list.getItems().get(1)).getSpec().getPolicyTypes())
        .containsExactly("Ingress", "Egress");
  }

  @Test
  void aMissingProfileIsAClearErrorWithExitCode2() {
    CliRun run = run("shop/nope");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo(
            "error: SegmentationProfile shop/nope not found (kubectl get segmentationprofiles -n"
                + " shop)\n");
  }

  @Test
  void aProfileWithoutProposalIsAClearErrorWithExitCode2() {
    profile("fresh");

    CliRun run = run("shop/fresh");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("error: SegmentationProfile shop/fresh has no PolicyProposal yet")
        .doesNotContain("Exception");
  }

  @Test
  void anUnreachableApiServerIsAClearErrorWithinSeconds() throws Exception {
    Files.writeString(
        kubeconfig,
        Files.readString(kubeconfig)
            .replace(client.getConfiguration().getMasterUrl(), "http://127.0.0.1:1/"));
    long start = System.nanoTime();

    CliRun run = run("shop/shop");

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo(
            "error: cannot read SegmentationProfile shop/shop from http://127.0.0.1:1/: cannot"
                + " connect (is the API server up, and the kubeconfig's server right?)\n");
  }

  @Test
  void aKubeconfigThatIsNotOneIsAOneLineError() throws Exception {
    Files.writeString(kubeconfig, "clusters: [this is not a kubeconfig");

    CliRun run = run("shop/shop");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "error: cannot read kubeconfig %s: while parsing a flow sequence (line 1, column 11)\n"
                .formatted(kubeconfig));
  }

  @Test
  void anArgumentWithoutNamespaceIsRejected() {
    CliRun run = run("shop");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("\"shop\" is not NAMESPACE/PROFILE");
  }
}
