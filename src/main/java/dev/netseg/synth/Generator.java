package dev.netseg.synth;

import dev.netseg.infer.Finding;
import dev.netseg.infer.FlowInference;
import dev.netseg.infer.InferenceInput;
import dev.netseg.infer.InferenceResult;
import dev.netseg.infer.ServiceClients;
import dev.netseg.model.Provenance;
import dev.netseg.model.RequiredFlow;
import dev.netseg.workload.Workload;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

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

  /** Policies for every workload of the input. */
  public GenerationResult generate(InferenceInput input) {
    return generate(input, w -> true);
  }

  /**
   * Policies for the workloads {@code governs} accepts (the operator passes its profile's scope and
   * exclusions); every workload of the input still counts as a peer and a source of flows.
   */
  public GenerationResult generate(InferenceInput input, Predicate<Workload> governs) {
    return generate(input, governs, FlowGate.ALL);
  }

  /**
   * As {@link #generate(InferenceInput, Predicate)}, with only the flows {@code gate} admits given
   * to synthesis; the result's flows are the admitted ones.
   */
  public GenerationResult generate(
      InferenceInput input, Predicate<Workload> governs, FlowGate gate) {
    InferenceResult inferred = inference.infer(input);
    List<RequiredFlow> admitted = gate.admit(inferred.flows());
    if (admitted != inferred.flows()) {
      inferred = new InferenceResult(admitted, inferred.findings(), inferred.selectorPeers());
    }
    SynthesisResult synthesized =
        synthesizer.synthesize(
            input.workloads(), inferred.flows(), inferred.selectorPeers(), governs, true);
    List<Finding> findings = new ArrayList<>(inferred.findings());
    findings.addAll(synthesized.findings());
    findings.sort(null);
    return new GenerationResult(
        synthesized.policies(),
        inferred.flows(),
        findings,
        report(input, inferred.flows(), synthesized, findings),
        inferred.selectorPeers());
  }

  private static GenerationReport report(
      InferenceInput input,
      List<RequiredFlow> flows,
      SynthesisResult synthesized,
      List<Finding> findings) {
    Map<Provenance.Source, Integer> bySource = new EnumMap<>(Provenance.Source.class);
    int[] counts = new int[Provenance.Source.values().length];
    boolean[] seen = new boolean[counts.length];
    for (RequiredFlow f : flows) {
      java.util.Arrays.fill(seen, false);
      for (Provenance p : f.provenance()) {
        seen[p.source().ordinal()] = true;
      }
      for (int i = 0; i < seen.length; i++) {
        counts[i] += seen[i] ? 1 : 0;
      }
    }
    for (Provenance.Source s : Provenance.Source.values()) {
      bySource.put(s, counts[s.ordinal()]);
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
        (int) findings.stream().filter(f -> f.kind() == Finding.Kind.UNRESOLVED).count(),
        exposure(input),
        coverage(input, flows));
  }

  /**
   * The objects that expose Services, by kind: LoadBalancer and NodePort Services, Ingresses,
   * Gateway API.
   */
  private static Map<String, Integer> exposure(InferenceInput input) {
    Map<String, Integer> kinds = new java.util.LinkedHashMap<>();
    for (String type : List.of("LoadBalancer", "NodePort")) {
      int n =
          (int)
              input.services().stream()
                  .filter(s -> s.getSpec() != null && type.equals(s.getSpec().getType()))
                  .count();
      if (n > 0) {
        kinds.put("Service type " + type, n);
      }
    }
    if (!input.ingresses().isEmpty()) {
      kinds.put("Ingress", input.ingresses().size());
    }
    if (!input.gateways().isEmpty()) {
      kinds.put("Gateway", input.gateways().size());
    }
    for (var route : input.routes()) {
      kinds.merge(route.getKind(), 1, Integer::sum);
    }
    return kinds;
  }

  private static GenerationReport.Coverage coverage(
      InferenceInput input, List<RequiredFlow> flows) {
    int manifestOnly = 0;
    int both = 0;
    int observedOnly = 0;
    for (RequiredFlow f : flows) {
      boolean manifest = false;
      boolean observed = false;
      boolean other = false;
      for (Provenance p : f.provenance()) {
        switch (p.source()) {
          case MANIFEST -> manifest = true;
          case OBSERVED -> observed = true;
          default -> other = true;
        }
      }
      if (manifest && observed) {
        both++;
      } else if (manifest) {
        manifestOnly++;
      } else if (observed && !other) {
        observedOnly++;
      }
    }
    ServiceClients.Result clients = ServiceClients.of(input, flows);
    return new GenerationReport.Coverage(
        clients.services().size(), clients.withoutClient(), manifestOnly, both, observedOnly);
  }

  private static int count(List<Finding> findings, Finding.Severity severity) {
    return (int) findings.stream().filter(f -> f.severity() == severity).count();
  }
}
