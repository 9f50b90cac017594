package dev.netseg.synth;

import dev.netseg.infer.Finding;
import dev.netseg.infer.FlowInference;
import dev.netseg.infer.InferenceInput;
import dev.netseg.infer.InferenceResult;
import dev.netseg.model.Provenance;
import dev.netseg.model.RequiredFlow;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The generator the CLI and the operator call: infers the required flows of the input and writes
 * one least-privilege NetworkPolicy per workload. Pure and deterministic: the same input, in any
 * order, gives equal results and byte-identical YAML ({@link PolicyYaml}).
 */
public final class Generator {
  private final GeneratorOptions options;
  private final FlowInference inference;
  private final PolicySynthesizer synthesizer;

  public Generator(GeneratorOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    this.inference = new FlowInference(options.inference());
    this.synthesizer = new PolicySynthesizer(options);
  }

  public GeneratorOptions options() {
    return options;
  }

  public GenerationResult generate(InferenceInput input) {
    InferenceResult inferred = inference.infer(input);
    SynthesisResult synthesized =
        synthesizer.synthesize(input.workloads(), inferred.flows(), inferred.selectorPeers());
    List<Finding> findings = new ArrayList<>(inferred.findings());
    findings.addAll(synthesized.findings());
    findings.sort(null);
    return new GenerationResult(
        synthesized.policies(),
        inferred.flows(),
        findings,
        report(input, inferred.flows(), synthesized, findings));
  }

  private static GenerationReport report(
      InferenceInput input,
      List<RequiredFlow> flows,
      SynthesisResult synthesized,
      List<Finding> findings) {
    Map<Provenance.Source, Integer> bySource = new EnumMap<>(Provenance.Source.class);
    for (Provenance.Source s : Provenance.Source.values()) {
      bySource.put(s, 0);
    }
    for (RequiredFlow f : flows) {
      f.provenance().stream()
          .map(Provenance::source)
          .distinct()
          .forEach(s -> bySource.merge(s, 1, Integer::sum));
    }
    int governed =
        (int) synthesized.policies().stream().filter(p -> p.workload().isPresent()).count();
    return new GenerationReport(
        input.workloads().size(),
        governed,
        synthesized.policies().size(),
        flows.size(),
        bySource,
        count(findings, Finding.Severity.ERROR),
        count(findings, Finding.Severity.WARNING),
        (int) findings.stream().filter(f -> f.kind() == Finding.Kind.UNRESOLVED).count());
  }

  private static int count(List<Finding> findings, Finding.Severity severity) {
    return (int) findings.stream().filter(f -> f.severity() == severity).count();
  }
}
