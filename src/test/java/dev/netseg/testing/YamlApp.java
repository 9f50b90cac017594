package dev.netseg.testing;

import dev.netseg.infer.Finding;
import dev.netseg.infer.InferenceInput;
import dev.netseg.manifest.ManifestLoader;
import dev.netseg.manifest.Manifests;
import dev.netseg.model.Provenance;
import dev.netseg.model.RequiredFlow;
import dev.netseg.synth.GenerationResult;
import dev.netseg.synth.Generator;
import dev.netseg.synth.GeneratorOptions;
import dev.netseg.workload.Workload;
import dev.netseg.workload.WorkloadExtractor;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An application written as YAML in a test, run through the loader, the workload extractor and the
 * generator as the CLI runs it (DNS off, so that only the application's own flows show).
 */
public final class YamlApp {
  private final Manifests manifests;
  private final List<Workload> workloads;
  private final GenerationResult result;

  private YamlApp(String yaml, GeneratorOptions options) {
    this.manifests = new ManifestLoader().loadText("app.yaml", yaml);
    this.workloads = new WorkloadExtractor().fromManifests(manifests);
    this.result =
        new Generator(options)
            .generate(InferenceInput.of(workloads, manifests.allObjects(), List.of(), List.of()));
  }

  public static YamlApp of(String yaml) {
    return new YamlApp(yaml, GeneratorOptions.builder().dns(false).build());
  }

  public static YamlApp of(String yaml, GeneratorOptions options) {
    return new YamlApp(yaml, options);
  }

  public Manifests manifests() {
    return manifests;
  }

  public List<Workload> workloads() {
    return workloads;
  }

  public GenerationResult result() {
    return result;
  }

  /** Each flow as {@code src -> dst PROTO/port [source,...]}. */
  public List<String> flows() {
    return result.flows().stream().map(YamlApp::render).toList();
  }

  /** Each flow's evidence, {@code source: evidence}, one string per piece. */
  public List<String> evidence() {
    return result.flows().stream()
        .flatMap(f -> f.provenance().stream())
        .map(Provenance::toString)
        .toList();
  }

  /** Each finding as {@code subject: message}. */
  public List<String> findings() {
    return result.findings().stream().map(Finding::toString).toList();
  }

  static String render(RequiredFlow f) {
    return f
        + " "
        + f.provenance().stream()
            .map(Provenance::source)
            .distinct()
            .map(s -> s.name().toLowerCase(java.util.Locale.ROOT))
            .collect(Collectors.joining(",", "[", "]"));
  }
}
