package dev.netseg.cli;

import dev.netseg.map.MapInput;
import dev.netseg.segment.Segmentation;
import dev.netseg.synth.StandIns;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code netseg map}: the segmentation of an application as one self-contained HTML page. */
@Command(
    name = "map",
    mixinStandardHelpOptions = true,
    description = {
      "Draw the segmentation as one self-contained HTML page (no request to any other host when"
          + " opened): workloads grouped by namespace (and segment), and every pair's flows by"
          + " status: required and allowed, allowed but not required, required but blocked,"
          + " refused by a guardrail, observed on the wire (docs/map.md).",
      "The policies judged are --policies (plus those of the manifests they do not replace),"
          + " else the policies generate would write.",
      "With --profile NAMESPACE/PROFILE instead of PATH, the map of a SegmentationProfile from"
          + " the cluster, decided as the operator decides it: its proposal with the policies it"
          + " does not own, its required, refused and held flows. Read-only."
    })
public final class MapCommand implements Callable<Integer> {

  /** The options that may go with --profile: the rest shape an input the cluster replaces. */
  private static final Set<String> WITH_PROFILE =
      Set.of(
          "--profile",
          "--kubeconfig",
          "--output",
          "--data",
          "--progress-after-ms",
          "--help",
          "--version");

  @Parameters(arity = "0..*", paramLabel = "PATH", description = ManifestInput.PATHS_HELP)
  List<Path> paths;

  @Option(
      names = "--profile",
      paramLabel = "NAMESPACE/PROFILE",
      description =
          "Draw the map of this SegmentationProfile (e.g. shop/shop) from the cluster of the"
              + " current kubeconfig instead of manifests: the cluster's objects, the profile's"
              + " learned edges and proposal, decided as the operator decides. Read-only; not with"
              + " PATH or the options that shape an input.")
  String profile;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description =
          "With --profile: the kubeconfig file to use instead of $KUBECONFIG or ~/.kube/config.")
  Path kubeconfig;

  @Option(
      names = "--policies",
      paramLabel = "DIR",
      description =
          "The NetworkPolicies to judge (files or a directory); without it, the policies netseg"
              + " generate would write.")
  List<Path> policies;

  @Mixin FlowInputs inputs;

  @Mixin SegmentsInput segments;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE|-",
      defaultValue = "-",
      description = "Where to write the page: a file (written whole or not at all) or - (stdout).")
  String output;

  @Option(
      names = "--data",
      description =
          "Write the map's data as JSON (nodes, edges with every port's status, provenance and"
              + " rule) instead of the page.")
  boolean data;

  @Mixin DefaultNamespace namespace;

  @Mixin GeneratorFlags flags;

  @Mixin ProgressOption progressOption;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    if (profile != null) {
      return fromCluster(err);
    }
    if (paths == null || paths.isEmpty()) {
      throw new UserError("map needs manifests (PATH...) or --profile NAMESPACE/PROFILE");
    }
    if (kubeconfig != null) {
      throw new UserError("--kubeconfig is read only with --profile");
    }
    try (Progress progress = progressOption.start(err)) {
      ManifestInput input = ManifestInput.of(spec, namespace);
      Segmentation segmentation = segments.segmentation();
      GeneratorRun.Result run =
          GeneratorRun.run(
              input,
              paths,
              inputs.flows,
              inputs.allow,
              flags.options(),
              segmentation,
              err,
              progress);
      List<NetworkPolicy> judged =
          policies == null
              ? JudgedPolicies.combine(run.generation().networkPolicies(), run.manifests())
              : JudgedPolicies.combine(input.load(policies).networkPolicies(), run.manifests());
      progress.stage("drawing the map of " + run.workloads().size() + " workloads");
      MapInput mapInput =
          new MapInput(
              "netseg map: " + GeneratorRun.describe(paths),
              JudgedPolicies.withPolicies(run.manifests(), judged),
              run.generation().flows(),
              run.segments().refused(),
              List.of(),
              segmentation.segments().isEmpty() ? Map.of() : run.segments().assignment().zones(),
              Optional.empty(),
              StandIns.pods(run.generation().selectorPeers()));
      write(mapInput, err);
      progress.done();
    }
    return 0;
  }

  /** {@code --profile}: the map of a profile, from the cluster. */
  private int fromCluster(PrintWriter err) {
    if (paths != null && !paths.isEmpty()) {
      throw new UserError(
          "PATH and --profile exclude each other: --profile draws the map from the cluster");
    }
    List<String> refused =
        spec.commandLine().getParseResult().matchedOptions().stream()
            .map(OptionSpec::longestName)
            .filter(name -> !WITH_PROFILE.contains(name))
            .distinct()
            .toList();
    if (!refused.isEmpty()) {
      throw new UserError(
          String.join(", ", refused)
              + " cannot be used with --profile: the cluster is the input (the profile's spec,"
              + " learned edges and proposal)");
    }
    ClusterProfile.Ref ref = ClusterProfile.Ref.parse(profile);
    Config config = ClientConfig.of(kubeconfig);
    try (Progress progress = progressOption.start(err);
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      MapInput input =
          new ClusterMap(client, config.getMasterUrl(), err).read(ref, Instant.now(), progress);
      progress.stage("drawing the map of " + ref);
      write(input, err);
      progress.done();
    }
    return 0;
  }

  private void write(MapInput input, PrintWriter err) {
    MapOutput.write(input, data, output, spec.commandLine().getOut(), err);
  }
}
