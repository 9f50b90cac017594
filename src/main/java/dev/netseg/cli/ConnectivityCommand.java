package dev.netseg.cli;

import dev.netseg.connectivity.ConnectivityAnalysis;
import dev.netseg.connectivity.ConnectivityCsv;
import dev.netseg.connectivity.ConnectivityDot;
import dev.netseg.connectivity.ConnectivityLine;
import dev.netseg.connectivity.ConnectivityMarkdown;
import dev.netseg.manifest.Manifests;
import dev.netseg.map.MapInput;
import dev.netseg.policy.InvalidPolicyException;
import dev.netseg.segment.Segmentation;
import dev.netseg.synth.GeneratorOptions;
import dev.netseg.synth.StandIns;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code netseg connectivity}: who may connect to whom under the given NetworkPolicies. */
@Command(
    name = "connectivity",
    mixinStandardHelpOptions = true,
    description = {
      "Print the connections the NetworkPolicies in the manifests allow between workloads, and"
          + " between workloads and the outside world.",
      "One line per ordered pair with something allowed: SRC => DST : CONNS. -o json, csv, md (a"
          + " Markdown table) and dot (a Graphviz graph; render it with dot -Tsvg) print the"
          + " same pairs."
    })
public final class ConnectivityCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "PATH", description = ManifestInput.PATHS_HELP)
  List<Path> paths;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description =
          "Output format: text, json, csv, md, dot, or html: the map of the manifests and their"
              + " policies (netseg map, docs/map.md) (default: ${DEFAULT-VALUE}).")
  ConnectivityFormat output;

  @Option(
      names = "--explain",
      description = "Also print, per pair, the rules that allowed or denied it.")
  boolean explain;

  @Mixin DefaultNamespace namespace;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (output == ConnectivityFormat.YAML) {
      throw new UserError(
          "-o yaml is not supported by connectivity; use text, json, csv, md, dot or html");
    }
    if (output == ConnectivityFormat.HTML) {
      return html();
    }
    Manifests manifests = ManifestInput.of(spec, namespace).load(paths);
    List<ConnectivityLine> lines;
    try {
      lines = new ConnectivityAnalysis(explain).analyze(manifests);
    } catch (InvalidPolicyException e) {
      throw new UserError(e.getMessage(), e);
    }
    switch (output) {
      case JSON -> printJson(out, lines);
      case CSV -> out.print(new ConnectivityCsv(explain).render(lines));
      case MD -> out.print(new ConnectivityMarkdown(explain).render(lines));
      case DOT -> out.print(new ConnectivityDot(explain).render(lines));
      case TEXT -> printText(out, lines);
      case YAML, HTML -> throw new IllegalStateException("-o " + output + " is handled above");
    }
    out.flush();
    return 0;
  }

  /**
   * The map of the manifests with the policies in them: what they allow, and which of the flows
   * inferred from the manifests they block.
   */
  private int html() {
    PrintWriter err = spec.commandLine().getErr();
    GeneratorRun.Result run =
        GeneratorRun.run(
            ManifestInput.of(spec, namespace),
            paths,
            null,
            null,
            GeneratorOptions.defaults(),
            Segmentation.none(),
            err,
            Progress.silent(err));
    MapOutput.write(
        new MapInput(
            "netseg connectivity: " + GeneratorRun.describe(paths),
            run.manifests(),
            run.generation().flows(),
            List.of(),
            List.of(),
            Map.of(),
            Optional.empty(),
            StandIns.pods(run.generation().selectorPeers())),
        false,
        "-",
        spec.commandLine().getOut(),
        err);
    return 0;
  }

  private void printText(PrintWriter out, List<ConnectivityLine> lines) {
    for (ConnectivityLine line : lines) {
      out.println(line.format());
      for (String reason : line.explanation()) {
        out.println("    " + reason);
      }
    }
  }

  private void printJson(PrintWriter out, List<ConnectivityLine> lines) throws Exception {
    List<Map<String, Object>> items =
        lines.stream()
            .map(
                l -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("src", l.source());
                  m.put("dst", l.destination());
                  m.put("conn", l.connectionsText());
                  if (explain) {
                    m.put("explanation", l.explanation());
                  }
                  return m;
                })
            .toList();
    MachineOutput.print(out, OutputFormat.JSON, items);
  }
}
