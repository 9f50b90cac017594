package dev.netseg.cli;

import dev.netseg.manifest.Manifests;
import dev.netseg.policy.InvalidPolicyException;
import dev.netseg.synth.GenerationReport;
import dev.netseg.synth.StandIns;
import dev.netseg.verify.FlowVerifier;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code netseg verify}: would these policies block a connection the application needs? */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate every required flow of the manifests against the given policies (plus any"
          + " NetworkPolicies in the manifests) with netseg's NetworkPolicy semantics engine.",
      "Exit status: 0 when no required flow is blocked, 1 when some are blocked or refused by"
          + " --segments (or, with --strict, when a Service has no known client), 2 on bad"
          + " input."
    })
public final class VerifyCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "PATH", description = ManifestInput.PATHS_HELP)
  List<Path> paths;

  @Option(
      names = "--policies",
      required = true,
      paramLabel = "DIR",
      description = "The NetworkPolicies to verify (files or a directory).")
  List<Path> policies;

  @Mixin FlowInputs inputs;

  @Mixin SegmentsInput segments;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      description = "Output format: text, json or yaml (default: ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Option(
      names = "--strict",
      description =
          "Also fail (exit 1) when a Service has no known client: its callers' addresses are"
              + " not in the manifests, flows or declarations, so the policies would block them.")
  boolean strict;

  @Mixin DefaultNamespace namespace;

  @Mixin GeneratorFlags flags;

  @Mixin ProgressOption progressOption;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (Progress progress = progressOption.start(err)) {
      int code = verify(out, err, progress);
      progress.done();
      return code;
    }
  }

  private int verify(PrintWriter out, PrintWriter err, Progress progress) {
    ManifestInput input = ManifestInput.of(spec, namespace);
    GeneratorRun.Result run =
        GeneratorRun.run(
            input,
            paths,
            inputs.flows,
            inputs.allow,
            flags.options(),
            segments.segmentation(),
            err,
            progress);
    progress.stage("loading policies from " + GeneratorRun.describe(policies));
    Manifests given = input.load(policies);
    List<NetworkPolicy> all = JudgedPolicies.combine(given.networkPolicies(), run.manifests());
    List<FlowVerifier.Blocked> blocked;
    progress.stage(
        "evaluating "
            + run.generation().flows().size()
            + " required flows against "
            + all.size()
            + " policies");
    try {
      blocked =
          new FlowVerifier(
                  run.manifests().namespaces(),
                  run.workloads(),
                  StandIns.pods(run.generation().selectorPeers()))
              .blocked(run.generation().flows(), all);
    } catch (InvalidPolicyException e) {
      throw new UserError(e.getMessage(), e);
    }
    var refused = run.segments().refused();
    int total = run.generation().flows().size() + refused.size();
    GenerationReport.Coverage coverage = run.generation().report().coverage();
    boolean unknownClients = !coverage.servicesWithoutClient().isEmpty();
    if (unknownClients) {
      err.println(
          (strict ? "error: " : "warning: ")
              + Coverage.withoutClient(coverage)
              + " ("
              + String.join(", ", coverage.servicesWithoutClient())
              + ")"
              + (strict ? "" : "; --strict makes this fail"));
      err.flush();
    }
    if (output == OutputFormat.TEXT) {
      RefusedFlows.print(out, refused);
      for (FlowVerifier.Blocked b : blocked) {
        out.println("BLOCKED " + b.flow());
        b.flow().provenance().forEach(p -> out.println("    because " + p));
        out.println("    " + b.reason());
      }
      out.printf(
          "%d of %d required flows blocked by %d policies%n", blocked.size(), total, all.size());
      if (!refused.isEmpty()) {
        out.printf("%d required flows refused by segments%n", refused.size());
      }
      if (unknownClients) {
        out.println(Coverage.withoutClient(coverage));
        coverage.servicesWithoutClient().forEach(n -> out.println("  " + n));
      }
    } else {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("requiredFlows", total);
      doc.put("policies", all.size());
      doc.put(
          "blocked",
          blocked.stream()
              .map(
                  b -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("source", b.flow().source().toString());
                    m.put("destination", b.flow().destination().toString());
                    m.put("protocol", b.flow().protocol().name());
                    m.put("port", b.flow().port());
                    m.put(
                        "provenance",
                        b.flow().provenance().stream().map(Object::toString).toList());
                    m.put("reason", b.reason());
                    return m;
                  })
              .toList());
      doc.put("refused", RefusedFlows.document(refused));
      doc.put("servicesWithoutClient", coverage.servicesWithoutClient());
      MachineOutput.print(out, output, doc);
    }
    out.flush();
    return blocked.isEmpty() && refused.isEmpty() && !(strict && unknownClients) ? 0 : 1;
  }
}
