package dev.netseg.cli;

import dev.netseg.connectivity.ConnectivityAnalysis;
import dev.netseg.connectivity.ConnectivityLine;
import dev.netseg.manifest.Manifests;
import dev.netseg.policy.InvalidPolicyException;
import inet.ipaddr.IPAddressSeqRange;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code netseg diff}: the connectivity gained and lost between two policy sets. */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description =
        "Show, pair by pair, the connections gained and lost when the policies in POLICIES_A are"
            + " replaced by those in POLICIES_B, for the workloads in the manifests.")
public final class DiffCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "POLICIES_A", description = "The current policies.")
  Path policiesA;

  @Parameters(index = "1", paramLabel = "POLICIES_B", description = "The new policies.")
  Path policiesB;

  @Parameters(
      index = "2..*",
      arity = "1..*",
      paramLabel = "PATH",
      description = {
        "Manifests of the workloads (NetworkPolicies in them are ignored).",
        ManifestInput.PATHS_HELP
      })
  List<Path> manifests;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      description = "Output format: text, json or yaml (default: ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Mixin DefaultNamespace namespace;

  @Mixin ProgressOption progressOption;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (Progress progress = progressOption.start(err)) {
      diff(out, err, progress);
      progress.done();
    }
    return 0;
  }

  private void diff(PrintWriter out, PrintWriter err, Progress progress) {
    progress.stage("loading manifests and policies");
    ManifestInput input = ManifestInput.of(spec, namespace);
    Manifests apps = withoutPolicies(input.load(manifests));
    Manifests a0 = withPolicies(apps, input.load(List.of(policiesA)));
    Manifests b0 = withPolicies(apps, input.load(List.of(policiesB)));
    // Both sides are cut into the ranges of both policy sets' ipBlocks, so they line up.
    List<IPAddressSeqRange> partition;
    try {
      partition =
          ConnectivityAnalysis.externalRanges(
              Manifests.of(
                  java.util.stream.Stream.concat(
                          a0.networkPolicies().stream().map(p -> renamed(p, "a")),
                          b0.networkPolicies().stream().map(p -> renamed(p, "b")))
                      .toList()));
    } catch (InvalidPolicyException e) {
      throw new UserError(e.getMessage(), e);
    }
    progress.stage("analyzing connectivity under " + policiesA);
    List<ConnectivityLine> before = connectivity(a0, policiesA, partition);
    progress.stage("analyzing connectivity under " + policiesB);
    List<ConnectivityLine> after = connectivity(b0, policiesB, partition);
    List<ConnectivityChanges.Change> changes = ConnectivityChanges.between(before, after);
    if (output == OutputFormat.TEXT) {
      for (ConnectivityChanges.Change c : changes) {
        if (c.gained() != null) {
          out.println("+ " + c.source() + " => " + c.destination() + " : " + c.gained());
        }
        if (c.lost() != null) {
          out.println("- " + c.source() + " => " + c.destination() + " : " + c.lost());
        }
      }
      ConnectivityChanges.Summary summary = ConnectivityChanges.summary(changes);
      if (changes.isEmpty()) {
        out.println("no change in connectivity");
      } else {
        out.printf(
            "%d %s gained connections, %d %s lost connections%n",
            summary.gained(),
            summary.gained() == 1 ? "pair" : "pairs",
            summary.lost(),
            summary.lost() == 1 ? "pair" : "pairs");
      }
    } else {
      ConnectivityChanges.Summary summary = ConnectivityChanges.summary(changes);
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("changes", changes);
      doc.put("gainedPairs", summary.gained());
      doc.put("lostPairs", summary.lost());
      MachineOutput.print(out, output, doc);
    }
    out.flush();
  }

  private static Manifests withPolicies(Manifests apps, Manifests policies) {
    return apps.merge(Manifests.of(policies.networkPolicies()));
  }

  private static io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy renamed(
      io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy p, String side) {
    return new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder(p)
        .editMetadata()
        .withName(side + "-" + p.getMetadata().getName())
        .endMetadata()
        .build();
  }

  private List<ConnectivityLine> connectivity(
      Manifests withPolicies, Path policies, List<IPAddressSeqRange> partition) {
    try {
      return new ConnectivityAnalysis(false)
          .analyze(withPolicies, java.util.Optional.of(partition));
    } catch (InvalidPolicyException e) {
      throw new UserError(policies + ": " + e.getMessage(), e);
    }
  }

  private static Manifests withoutPolicies(Manifests m) {
    List<io.fabric8.kubernetes.api.model.HasMetadata> objects = new ArrayList<>();
    for (var o : m.allObjects()) {
      if (!(o instanceof io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy)) {
        objects.add(o);
      }
    }
    return Manifests.of(objects);
  }
}
