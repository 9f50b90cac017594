package dev.netseg.cli;

import dev.netseg.operator.apply.ProposalYaml;
import dev.netseg.operator.crd.PolicyProposal;
import dev.netseg.operator.crd.SegmentationProfile;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesListBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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

  // Read as generic resources: a run loads none of the operator's classes and builds no Jackson
  // deserializers for the CRD classes (docs/performance.md#cli-start-up).
  private static final ResourceDefinitionContext PROFILES =
      namespaced(SegmentationProfile.KIND, SegmentationProfile.PLURAL);
  private static final ResourceDefinitionContext PROPOSALS =
      namespaced(PolicyProposal.KIND, PolicyProposal.PLURAL);

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
    String[] parts = target.split("/", -1);
    if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
      throw new UserError("\"" + target + "\" is not NAMESPACE/PROFILE (for example shop/shop)");
    }
    String ns = parts[0];
    String name = parts[1];
    String yaml;
    KubernetesSerialization serialization;
    Config config = ClientConfig.of(kubeconfig);
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      if (client.genericKubernetesResources(PROFILES).inNamespace(ns).withName(name).get()
          == null) {
        throw new UserError(
            "SegmentationProfile %s/%s not found (kubectl get segmentationprofiles -n %s)"
                .formatted(ns, name, ns));
      }
      GenericKubernetesResource proposal =
          client.genericKubernetesResources(PROPOSALS).inNamespace(ns).withName(name).get();
      if (proposal == null) {
        throw new UserError(
            ("SegmentationProfile %s/%s has no PolicyProposal yet: the operator writes it when it"
                    + " reconciles the profile (is it running? kubectl describe"
                    + " segmentationprofile %s -n %s)")
                .formatted(ns, name, name, ns));
      }
      yaml =
          ProposalYaml.read(
              name, proposal.<String>get("spec", "yaml"), proposal.<String>get("spec", "yamlGzip"));
      serialization = client.getKubernetesSerialization();
    } catch (KubernetesClientException e) {
      throw new UserError(
          "cannot read SegmentationProfile %s/%s from %s: %s"
              .formatted(ns, name, config.getMasterUrl(), ApiServerFailure.reason(e)),
          e);
    } catch (IllegalStateException e) {
      throw new UserError(e.getMessage(), e);
    }
    print(yaml, serialization);
    return 0;
  }

  private static ResourceDefinitionContext namespaced(String kind, String plural) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(SegmentationProfile.GROUP)
        .withVersion(SegmentationProfile.VERSION)
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(true)
        .build();
  }

  /** A YAML stream of one or more objects, as objects. */
  private static List<HasMetadata> parse(KubernetesSerialization serialization, String yaml) {
    Object parsed =
        serialization.unmarshal(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    if (parsed instanceof List<?> list) {
      return list.stream().map(HasMetadata.class::cast).toList();
    }
    return List.of((HasMetadata) parsed);
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
      List<HasMetadata> items = yaml.isBlank() ? List.of() : parse(serialization, yaml);
      out.println(serialization.asJson(new KubernetesListBuilder().withItems(items).build()));
    }
    out.flush();
  }
}
