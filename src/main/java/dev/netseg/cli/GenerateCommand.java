package dev.netseg.cli;

import dev.netseg.infer.Finding;
import dev.netseg.synth.GenerationReport;
import dev.netseg.synth.GenerationResult;
import dev.netseg.synth.PolicyYaml;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code netseg generate}: least-privilege NetworkPolicies for the workloads in manifests. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Infer the connections each workload needs (annotations, Service references in env vars,"
          + " args and ConfigMaps, exposure, observed flows) and write least-privilege"
          + " NetworkPolicies for them.",
      "Policies go to stdout as one YAML stream (-o -) or to one file per policy (-o DIR); a"
          + " short report goes to stderr (or stdout with -o DIR)."
    })
public final class GenerateCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "PATH", description = ManifestInput.PATHS_HELP)
  List<Path> paths;

  @Mixin FlowInputs inputs;

  @Mixin SegmentsInput segments;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR|-|json|yaml",
      defaultValue = "-",
      description = {
        "- (default): the policies as one YAML stream on stdout, the report on stderr.",
        "json or yaml: one document on stdout for machines: report, flows, findings, policies.",
        "DIR: one file per policy in DIR (all or nothing), the report on stdout (write ./json for"
            + " a directory named json)."
      })
  String output;

  @Option(
      names = "--format",
      description =
          "Report format with -o DIR: text (for people, the default), json or yaml. With -o -,"
              + " json or yaml is the same as -o json or -o yaml.")
  OutputFormat format;

  @Mixin ProgressOption progressOption;

  @Mixin DefaultNamespace namespace;

  @Mixin GeneratorFlags flags;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path directory = directory();
    OutputFormat effective = effectiveFormat();
    try (Progress progress = progressOption.start(err)) {
      GeneratorRun.Result run =
          GeneratorRun.run(
              ManifestInput.of(spec, namespace),
              paths,
              inputs.flows,
              inputs.allow,
              flags.options(),
              segments.segmentation(),
              err,
              progress);
      GenerationResult result = run.generation();
      if (result.hasErrors()) {
        String errors =
            result.findings().stream()
                .filter(f -> f.severity() == Finding.Severity.ERROR)
                .map(f -> f.subject() + ": " + f.message())
                .collect(Collectors.joining("; "));
        throw new UserError(errors + " (nothing written)");
      }
      List<NetworkPolicy> policies = result.networkPolicies();
      if (directory != null) {
        progress.stage("writing " + policies.size() + " policies to " + directory);
        writeDirectory(directory, policies, err);
        if (effective == OutputFormat.TEXT) {
          printReport(out, run);
        } else {
          MachineOutput.print(out, effective, document(run));
        }
      } else if (effective == OutputFormat.TEXT) {
        out.print(policies.isEmpty() ? "" : PolicyYaml.render(policies));
        printReport(err, run);
      } else {
        Map<String, Object> doc = document(run);
        doc.put("policies", policies);
        MachineOutput.print(out, effective, doc);
      }
      out.flush();
      err.flush();
      progress.done();
    }
    return 0;
  }

  /** The directory of -o DIR, or null when the output goes to stdout. */
  private Path directory() {
    return switch (output) {
      case "-", "text", "json", "yaml" -> null;
      default -> Path.of(output);
    };
  }

  /** The output format: -o json|yaml, else --format, else text. */
  private OutputFormat effectiveFormat() {
    OutputFormat fromOutput =
        switch (output) {
          case "json" -> OutputFormat.JSON;
          case "yaml" -> OutputFormat.YAML;
          case "text" -> OutputFormat.TEXT;
          default -> null;
        };
    if (fromOutput != null && format != null && format != fromOutput) {
      throw new UserError(
          "-o "
              + output
              + " and --format "
              + format.name().toLowerCase(java.util.Locale.ROOT)
              + " disagree; give one of them");
    }
    return fromOutput != null ? fromOutput : format != null ? format : OutputFormat.TEXT;
  }

  private static Map<String, Object> document(GeneratorRun.Result run) {
    GenerationResult r = run.generation();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("report", r.report());
    doc.put(
        "flows",
        r.flows().stream()
            .map(
                f -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("source", f.source().toString());
                  m.put("destination", f.destination().toString());
                  m.put("protocol", f.protocol().name());
                  m.put("port", f.port());
                  m.put("provenance", f.provenance().stream().map(Object::toString).toList());
                  return m;
                })
            .toList());
    doc.put("findings", r.findings());
    doc.put("refused", RefusedFlows.document(run.segments().refused()));
    doc.put("segmentPeers", run.segments().segmentPeers().stream().map(Object::toString).toList());
    if (run.observed() != null) {
      doc.put("flowRecords", run.observed().stats());
      doc.put(
          "droppedOrAudited",
          AttemptedFlows.document(AttemptedFlows.of(run.observed().edges(), r.flows())));
    }
    return doc;
  }

  static void printReport(PrintWriter w, GeneratorRun.Result run) {
    GenerationReport r = run.generation().report();
    w.printf(
        "netseg generate: %d workloads, %d with a policy, %d policies%n",
        r.workloads(), r.governedWorkloads(), r.policies());
    String bySource =
        r.flowsBySource().entrySet().stream()
            .filter(e -> e.getValue() > 0)
            .map(e -> e.getKey().name().toLowerCase(java.util.Locale.ROOT) + " " + e.getValue())
            .collect(Collectors.joining(", "));
    w.printf("required flows: %d (%s)%n", r.flows(), bySource.isEmpty() ? "none" : bySource);
    if (!r.exposure().isEmpty()) {
      w.printf(
          "exposure read from: %s%n",
          r.exposure().entrySet().stream()
              .map(e -> e.getValue() + " " + e.getKey())
              .collect(Collectors.joining(", ")));
    }
    Coverage.print(w, r.coverage(), run.observed() != null);
    if (run.observed() != null) {
      var stats = run.observed().stats();
      w.printf(
          "flow records: %d accepted, %d skipped, %d rejected, %d unresolved%n",
          stats.accepted(), stats.skippedTotal(), stats.rejectedTotal(), stats.unresolvedTotal());
      AttemptedFlows.print(w, AttemptedFlows.of(run.observed().edges(), run.generation().flows()));
    }
    var refused = run.segments().refused();
    if (!refused.isEmpty()) {
      w.printf(
          "refused flows: %d (forbidden by segments: not in any policy; look at them)%n",
          refused.size());
      RefusedFlows.print(w, refused);
    }
    if (!run.segments().segmentPeers().isEmpty()) {
      w.printf(
          "segment peers: %d policies name a whole segment as a peer%n",
          run.segments().segmentPeers().size());
    }
    List<Finding> findings = run.generation().findings();
    if (!findings.isEmpty()) {
      w.println("findings:");
      for (Finding f : findings) {
        w.printf(
            "  %s %s: %s%n",
            f.severity().name().toLowerCase(java.util.Locale.ROOT), f.subject(), f.message());
      }
    }
  }

  private static void writeDirectory(Path dir, List<NetworkPolicy> policies, PrintWriter err) {
    Map<String, String> files = new LinkedHashMap<>();
    for (NetworkPolicy p : policies) {
      files.put(PolicyYaml.fileName(p), PolicyYaml.render(p));
    }
    List<Path> written;
    try {
      written = PolicyDirectory.write(dir, files);
    } catch (IOException e) {
      throw new UserError(
          "cannot write policies to " + dir + ": " + e + " (no policy file changed)", e);
    }
    try {
      for (Path stale : PolicyDirectory.removeStale(dir, written)) {
        err.println("removed " + stale + " (no longer generated)");
      }
    } catch (IOException e) {
      throw new UserError(
          "policies written to " + dir + ", but an old policy file could not be removed: " + e, e);
    }
  }
}
