package dev.netseg.synth;

import dev.netseg.infer.InferenceInput;
import dev.netseg.model.RequiredFlow;
import dev.netseg.workload.Workload;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/** Runs the whole generator on a few objects. */
final class SynthesisFixture {
  final List<Workload> workloads = new ArrayList<>();
  final List<HasMetadata> objects = new ArrayList<>();
  final List<RequiredFlow> observed = new ArrayList<>();
  GeneratorOptions.Builder options = GeneratorOptions.builder().dns(false);

  SynthesisFixture add(Workload... ws) {
    workloads.addAll(List.of(ws));
    return this;
  }

  SynthesisFixture add(HasMetadata... os) {
    objects.addAll(List.of(os));
    return this;
  }

  GenerationResult generate() {
    return new Generator(options.build())
        .generate(InferenceInput.of(workloads, objects, observed, List.of()));
  }

  /** The YAML of the policy of that name. */
  String yaml(String namespace, String name) {
    return generate().policies().stream()
        .filter(p -> p.namespace().equals(namespace) && p.name().equals(name))
        .map(p -> PolicyYaml.render(p.policy()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no policy " + namespace + "/" + name));
  }

  String all() {
    return PolicyYaml.render(generate().networkPolicies());
  }
}
