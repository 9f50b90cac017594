package dev.netseg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.operator.crd.PolicyProposal;
import dev.netseg.operator.crd.PolicyProposalSpec;
import dev.netseg.operator.crd.SegmentationProfile;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code netseg proposal} as a person runs it: a JVM of its own, with the logging configuration it
 * ships, against the CRUD mock API server. Its output is the YAML and nothing else; its log says
 * nothing at WARN (fabric8 used to warn about the CRDs' v1alpha1 on every run).
 */
@EnableKubernetesMockClient(crud = true)
class ProposalCommandProcessTest {
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
      """;

  KubernetesClient client;
  @TempDir Path dir;

  @Test
  void printsExactlyTheYamlAndLogsNoWarning() throws Exception {
    SegmentationProfile profile = new SegmentationProfile();
    profile.setMetadata(new ObjectMetaBuilder().withName("shop").withNamespace("shop").build());
    client.resource(profile).create();
    PolicyProposal proposal = new PolicyProposal();
    proposal.setMetadata(new ObjectMetaBuilder().withName("shop").withNamespace("shop").build());
    PolicyProposalSpec spec = new PolicyProposalSpec();
    spec.setProfile("shop");
    spec.setYaml(POLICIES);
    proposal.setSpec(spec);
    client.resource(proposal).create();

    Run run = netseg("proposal", "shop/shop", "--kubeconfig", kubeconfig().toString());

    assertThat(run.exitCode()).as("exit code; stderr:%n%s", run.err()).isZero();
    assertThat(run.out()).isEqualTo(POLICIES);
    assertThat(run.err().lines()).noneMatch(line -> line.contains("WARN"));
  }

  private record Run(int exitCode, String out, String err) {}

  /** Runs the netseg main class in a new JVM on this test's class path. */
  private Run netseg(String... args) throws IOException, InterruptedException {
    Path out = dir.resolve("stdout");
    Path err = dir.resolve("stderr");
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                NetsegMain.class.getName()));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("netseg finished").isTrue();
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private Path kubeconfig() {
    return MockKubeconfig.write(dir, client);
  }
}
