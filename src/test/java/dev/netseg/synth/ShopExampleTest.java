package dev.netseg.synth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.infer.Finding;
import dev.netseg.infer.InferenceInput;
import dev.netseg.model.Provenance;
import dev.netseg.model.RequiredFlow;
import dev.netseg.testing.ShopExample;
import dev.netseg.testing.TestApps;
import dev.netseg.workload.Workload;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ShopExampleTest {

  private static String render(RequiredFlow f) {
    return f
        + " "
        + f.provenance().stream()
            .map(p -> p.source().name().toLowerCase(Locale.ROOT))
            .distinct()
            .collect(Collectors.joining(",", "[", "]"));
  }

  @Test
  void everySourceOfEvidenceContributesAndNothingIsUnresolved() {
    GenerationResult r =
        new Generator(GeneratorOptions.builder().dns(false).build()).generate(ShopExample.input());
    assertThat(r.findings()).extracting(Finding::toString).isEmpty();
    assertThat(r.flows().stream().map(ShopExampleTest::render))
        .containsExactly(
            "payments/paymentservice[Deployment] -> 203.0.113.0/24 TCP/443 [declared]",
            "shop/cartservice[Deployment] -> data/redis-cart[Deployment] TCP/6379 [manifest]",
            "shop/checkout[Deployment] -> payments/paymentservice[Deployment] TCP/50051 [manifest]",
            "shop/checkout[Deployment] -> shop/cartservice[Deployment] TCP/7070 [manifest]",
            "shop/checkout[Deployment] -> shop/emailservice[Deployment] TCP/8080 [manifest]",
            "shop/checkout[Deployment] -> shop/productcatalog[Deployment] TCP/3550 [manifest]",
            "shop/checkout[Deployment] -> shop/shipping[Deployment] TCP/50051 [manifest]",
            "shop/frontend[Deployment] -> shop/cartservice[Deployment] TCP/7070 [manifest]",
            "shop/frontend[Deployment] -> shop/checkout[Deployment] TCP/5050 [manifest]",
            "shop/frontend[Deployment] -> shop/productcatalog[Deployment] TCP/3550 [manifest]",
            "shop/frontend[Deployment] -> shop/recommendation[Deployment] TCP/8080 [manifest]",
            "shop/frontend[Deployment] -> shop/shipping[Deployment] TCP/50051 [manifest]",
            "shop/productcatalog[Deployment] -> data/postgres[StatefulSet] TCP/5432 [manifest]",
            "shop/recommendation[Deployment] -> shop/productcatalog[Deployment] TCP/3550 [manifest]",
            "shop/shipping[Deployment] -> data/postgres[StatefulSet] TCP/5432 [observed]",
            "0.0.0.0/0 -> shop/frontend[Deployment] TCP/8080 [exposure]",
            "::/0 -> shop/frontend[Deployment] TCP/8080 [exposure]");
    assertThat(r.policies()).hasSize(10);
    assertThat(r.report().flowsBySource())
        .containsEntry(Provenance.Source.MANIFEST, 13)
        .containsEntry(Provenance.Source.OBSERVED, 1);
  }

  @Test
  void theConfigMapOnlyFlowCarriesItsEvidence() {
    GenerationResult r = new Generator(GeneratorOptions.defaults()).generate(ShopExample.input());
    String policy =
        r.policies().stream()
            .filter(p -> p.name().equals("netseg-productcatalog"))
            .map(p -> PolicyYaml.render(p.policy()))
            .findFirst()
            .orElseThrow();
    assertThat(policy)
        .contains(
            "ingress[2] from shop/recommendation[Deployment]:\n"
                + "        TCP 3550: manifest: Deployment shop/recommendation volume config"
                + " ConfigMap shop/recommendation-config key application.properties:"
                + " http://productcatalog:3550");
  }

  @Test
  void outputIsStableAcrossRuns() {
    Generator g = new Generator(GeneratorOptions.defaults());
    String once = PolicyYaml.render(g.generate(ShopExample.input()).networkPolicies());
    assertThat(PolicyYaml.render(g.generate(ShopExample.input()).networkPolicies()))
        .isEqualTo(once);
    assertThat(List.of(once.split("\n---\n"))).hasSize(10);
  }

  @Test
  void outputIsByteIdenticalWhateverTheOrderOfTheInput() {
    Generator g = new Generator(GeneratorOptions.defaults());
    InferenceInput in = ShopExample.input();
    String expected = PolicyYaml.render(g.generate(in).networkPolicies());
    for (long seed = 1; seed <= 5; seed++) {
      Random random = new Random(seed);
      InferenceInput shuffled =
          InferenceInput.of(
              shuffled(in.workloads(), random),
              shuffled(objects(in), random),
              shuffled(in.observedFlows(), random),
              List.of());
      assertThat(PolicyYaml.render(g.generate(shuffled).networkPolicies()))
          .as("seed %d", seed)
          .isEqualTo(expected);
    }
  }

  @Test
  void addingAnUnrelatedWorkloadChangesNoOtherPolicy() {
    Generator g = new Generator(GeneratorOptions.defaults());
    InferenceInput in = ShopExample.input();
    List<Workload> more = new ArrayList<>(in.workloads());
    more.add(TestApps.workload("shop", "newsletter").port("http", 8080).build());
    List<HasMetadata> objects = new ArrayList<>(objects(in));
    objects.add(TestApps.service("shop", "newsletter", "80:http"));
    Map<String, String> before = byName(g.generate(in));
    Map<String, String> after =
        byName(g.generate(InferenceInput.of(more, objects, in.observedFlows(), List.of())));
    assertThat(after.remove("shop/netseg-newsletter")).isNotNull();
    assertThat(after).isEqualTo(before);
  }

  /** Every object of the input besides its workloads. */
  private static List<HasMetadata> objects(InferenceInput in) {
    return Stream.of(
            in.services(),
            in.configMaps(),
            in.ingresses(),
            in.endpointSlices(),
            in.namespaces(),
            in.serviceAccounts(),
            in.roleBindings(),
            in.clusterRoleBindings())
        .<HasMetadata>flatMap(List::stream)
        .toList();
  }

  private static Map<String, String> byName(GenerationResult r) {
    Map<String, String> m = new TreeMap<>();
    r.policies().forEach(p -> m.put(p.namespace() + "/" + p.name(), PolicyYaml.render(p.policy())));
    return m;
  }

  private static <T> List<T> shuffled(List<T> items, Random random) {
    List<T> copy = new ArrayList<>(items);
    Collections.shuffle(copy, random);
    return copy;
  }
}
