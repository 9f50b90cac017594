package dev.netseg.synth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.infer.Finding;
import dev.netseg.model.Provenance;
import dev.netseg.model.RequiredFlow;
import dev.netseg.testing.ShopExample;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
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
}
