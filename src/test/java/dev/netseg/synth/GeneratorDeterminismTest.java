package dev.netseg.synth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.infer.InferenceInput;
import dev.netseg.testing.RandomApps;
import dev.netseg.testing.TestApps;
import dev.netseg.workload.Workload;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class GeneratorDeterminismTest {

  private static final GeneratorOptions OPTIONS =
      GeneratorOptions.builder().nodeLocalDns("169.254.20.10").defaultDeny(true).build();

  private static String yaml(InferenceInput input) {
    return PolicyYaml.render(new Generator(OPTIONS).generate(input).networkPolicies());
  }

  private static <T> List<T> shuffled(List<T> items, Random random) {
    List<T> copy = new ArrayList<>(items);
    Collections.shuffle(copy, random);
    return copy;
  }

  @Property(tries = 30)
  void shuffledInputGivesByteIdenticalYaml(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 4) int namespaces,
      @ForAll @IntRange(min = 1, max = 12) int workloads,
      @ForAll long shuffleSeed) {
    RandomApps.App app = RandomApps.generate(seed, namespaces, workloads, 4, 0);
    Random random = new Random(shuffleSeed);
    InferenceInput reordered =
        InferenceInput.of(
            shuffled(app.workloads(), random),
            shuffled(app.objects(), random),
            List.of(),
            List.of());
    String expected = yaml(app.input());
    assertThat(yaml(reordered)).isEqualTo(expected);
    assertThat(yaml(app.input())).as("a second run").isEqualTo(expected);
  }

  @Property(tries = 30)
  void unrelatedWorkloadChangesNoOtherPolicy(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 3) int namespaces,
      @ForAll @IntRange(min = 1, max = 10) int workloads,
      @ForAll @IntRange(min = 0, max = 2) int namespaceIndex) {
    RandomApps.App app = RandomApps.generate(seed, namespaces, workloads, 4, 0);
    String ns = "ns" + Math.min(namespaceIndex, namespaces - 1);
    List<Workload> more = new ArrayList<>(app.workloads());
    more.add(TestApps.workload(ns, "newcomer").port("http", 8080).build());
    List<HasMetadata> objects = new ArrayList<>(app.objects());
    objects.add(TestApps.service(ns, "newcomer", "80:http"));
    Map<String, String> before = byName(app.input());
    Map<String, String> after = byName(InferenceInput.of(more, objects, List.of(), List.of()));
    assertThat(after).containsKey(ns + "/netseg-newcomer");
    after.remove(ns + "/netseg-newcomer");
    assertThat(after).isEqualTo(before);
  }

  private static Map<String, String> byName(InferenceInput input) {
    return new Generator(OPTIONS)
        .generate(input).policies().stream()
            .collect(
                Collectors.toMap(
                    p -> p.namespace() + "/" + p.name(), p -> PolicyYaml.render(p.policy())));
  }
}
