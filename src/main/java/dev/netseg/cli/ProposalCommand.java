package dev.netseg.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesListBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code netseg proposal <namespace>/<profile>}: prints the NetworkPolicies a SegmentationProfile
 * proposes (its PolicyProposal), read from the cluster of the current kubeconfig. Writes nothing.
 */
@Command(
    name = "proposal",
    mixinStandardHelpOptions = true,
    description = {
      "Print the NetworkPolicies a SegmentationProfile proposes, from the cluster of the current"
          + " kubeconfig (or --kubeconfig). Read-only.",
      "Exit code 2 when the profile or its proposal does not exist."
    })
public final class ProposalCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      paramLabel = "NAMESPACE/PROFILE",
      description = "The SegmentationProfile, e.g. shop/shop.")
  String target;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "yaml",
      description =
          "Output format: yaml (a YAML stream) or json (a v1 List) (default: ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "Kubeconfig file to use instead of $KUBECONFIG or ~/.kube/config.")
  Path kubeconfig;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (output == OutputFormat.TEXT) {
      throw new UserError("-o text is not supported by proposal; use yaml or json");
    }
    ClusterProfile.Ref ref = ClusterProfile.Ref.parse(target);
    String yaml;
    KubernetesSerialization serialization;
    Config config = ClientConfig.of(kubeconfig);
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      ClusterProfile.profile(client, ref);
      yaml = ClusterProfile.proposalYaml(client, ref);
      serialization = client.getKubernetesSerialization();
    } catch (KubernetesClientException e) {
      throw new UserError(
          "cannot read SegmentationProfile %s from %s: %s"
              .formatted(ref, config.getMasterUrl(), ApiServerFailure.reason(e)),
          e);
    }
    print(yaml, serialization);
    return 0;
  }

  /** Prints the YAML stream, or as JSON a v1 List of its objects (with the client's Jackson). */
  private void print(String yaml, KubernetesSerialization serialization) {
    PrintWriter out = spec.commandLine().getOut();
    if (yaml.isBlank()) {
      spec.commandLine().getErr().println("# the profile proposes no policies");
    }
    if (output == OutputFormat.YAML) {
      if (!yaml.isBlank()) {
        out.print(yaml.endsWith("\n") ? yaml : yaml + "\n");
      }
    } else {
      List<HasMetadata> items = ClusterProfile.parse(serialization, yaml);
      out.println(serialization.asJson(new KubernetesListBuilder().withItems(items).build()));
    }
    out.flush();
  }
}
