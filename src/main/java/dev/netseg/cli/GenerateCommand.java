package dev.netseg.cli;

import dev.netseg.infer.Finding;
import dev.netseg.synth.GenerationReport;
import dev.netseg.synth.GenerationResult;
import dev.netseg.synth.PolicyYaml;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Manifest files or directories.")
  List<Path> paths;

  @Mixin FlowInputs inputs;

  @Mixin SegmentsInput segments;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR|-",
      defaultValue = "-",
      description = "Where the policies go: - for stdout (default), or a directory.")
  String output;

  @Option(
      names = "--format",
      defaultValue = "text",
      description = "Report format: text (for people), json or yaml (default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  @Mixin DefaultNamespace namespace;

  @Mixin GeneratorFlags flags;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    GeneratorRun.Result run =
        GeneratorRun.run(
            paths,
            namespace.value,
            inputs.flows,
            inputs.allow,
            flags.options(),
            segments.segmentation(),
            err);
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
    boolean toStdout = "-".equals(output);
    if (!toStdout) {
      writeDirectory(Path.of(output), policies, err);
    }
    if (toStdout && format == OutputFormat.TEXT) {
      out.print(policies.isEmpty() ? "" : PolicyYaml.render(policies));
      printReport(err, run);
    } else if (toStdout) {
      Map<String, Object> doc = document(run);
      doc.put("policies", policies);
      print(out, doc);
    } else if (format == OutputFormat.TEXT) {
      printReport(out, run);
    } else {
      print(out, document(run));
    }
    out.flush();
    err.flush();
    return 0;
  }

  private void print(PrintWriter out, Object doc) {
    MachineOutput.print(out, format, doc);
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
    if (run.observed() != null) {
      var stats = run.observed().stats();
      w.printf(
          "flow records: %d accepted, %d skipped, %d rejected, %d unresolved%n",
          stats.accepted(), stats.skippedTotal(), stats.rejectedTotal(), stats.unresolvedTotal());
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

  /**
   * Writes one file per policy so that either all of them are in place or none changed: each file
   * is written to a temporary name first and moved over its final name. Files of an earlier run
   * that this run no longer produces are removed.
   */
  private static void writeDirectory(Path dir, List<NetworkPolicy> policies, PrintWriter err) {
    try {
      Files.createDirectories(dir);
      Map<Path, String> files = new LinkedHashMap<>();
      for (NetworkPolicy p : policies) {
        files.put(dir.resolve(PolicyYaml.fileName(p)), PolicyYaml.render(p));
      }
      List<Path> temps = new ArrayList<>();
      for (var e : files.entrySet()) {
        Path tmp = Files.createTempFile(dir, ".netseg-", ".tmp");
        temps.add(tmp);
        Files.writeString(tmp, e.getValue());
      }
      int i = 0;
      for (Path target : files.keySet()) {
        Files.move(
            temps.get(i++),
            target,
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      }
      Set<Path> wanted = new TreeSet<>(files.keySet());
      try (Stream<Path> existing = Files.list(dir)) {
        for (Path stale :
            existing
                .filter(p -> p.getFileName().toString().matches(".*\\.netseg-.*\\.yaml"))
                .filter(p -> !wanted.contains(p))
                .toList()) {
          Files.delete(stale);
          err.println("removed " + stale + " (no longer generated)");
        }
      }
    } catch (IOException e) {
      throw new UserError("cannot write policies to " + dir + ": " + e.getMessage(), e);
    }
  }
}
