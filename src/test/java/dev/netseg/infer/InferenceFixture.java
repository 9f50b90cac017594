package dev.netseg.infer;

import dev.netseg.model.Provenance;
import dev.netseg.model.RequiredFlow;
import dev.netseg.synth.GeneratorOptions;
import dev.netseg.workload.Workload;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Runs inference on a few objects and renders the result as comparable strings. */
final class InferenceFixture {
  final List<Workload> workloads = new ArrayList<>();
  final List<HasMetadata> objects = new ArrayList<>();
  final List<RequiredFlow> observed = new ArrayList<>();
  final List<AllowRule> allow = new ArrayList<>();
  GeneratorOptions.Builder options = GeneratorOptions.builder().dns(false);

  InferenceFixture add(Workload... ws) {
    workloads.addAll(List.of(ws));
    return this;
  }

  InferenceFixture add(HasMetadata... os) {
    objects.addAll(List.of(os));
    return this;
  }

  InferenceResult infer() {
    return new FlowInference(options.build().inference())
        .infer(InferenceInput.of(workloads, objects, observed, allow));
  }

  /** Each flow as {@code src -> dst PROTO/port [source,...]}. */
  List<String> flows() {
    return render(infer().flows());
  }

  static List<String> render(List<RequiredFlow> flows) {
    return flows.stream().map(InferenceFixture::render).toList();
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

  List<String> findings() {
    return infer().findings().stream().map(Finding::toString).toList();
  }
}
