package dev.netseg.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.synth.GeneratedPolicy;
import dev.netseg.synth.GenerationResult;
import dev.netseg.synth.Generator;
import dev.netseg.synth.GeneratorOptions;
import dev.netseg.synth.PolicyYaml;
import dev.netseg.testing.ShopExample;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The YAML the generator writes for the example shop, in every option that changes its shape
 * (default deny, NodeLocal DNS, a profile label, extra egress), is what a user would {@code kubectl
 * apply}: the API server accepts every policy and stores exactly the generated spec, labels and
 * annotations.
 */
@RealApiServer
class GeneratedPoliciesIT {
  private final ApiServerFixture api;

  GeneratedPoliciesIT(ApiServerFixture api) {
    this.api = api;
  }

  /** The spec as the generator renders it (empty lists and absent ones read the same). */
  private static String specYaml(NetworkPolicy p) {
    NetworkPolicy only = new NetworkPolicy();
    only.setSpec(p.getSpec());
    return PolicyYaml.render(only);
  }

  @Test
  void kubectlAppliesTheGeneratedYamlAndTheServerStoresItUnchanged(@TempDir Path dir)
      throws IOException {
    GenerationResult result =
        new Generator(
                GeneratorOptions.builder()
                    .defaultDeny(true)
                    .nodeLocalDns("169.254.20.10")
                    .profile("shop-profile")
                    .extraEgress(java.util.List.of("10.20.0.0/16:3128"))
                    .build())
            .generate(ShopExample.input());
    // The shared server gives each test namespaces of its own: move the policies there.
    Map<String, String> namespaces = new HashMap<>();
    for (String ns : new String[] {"shop", "data", "payments"}) {
      namespaces.put(ns, api.createNamespace("gen-" + ns));
    }
    String yaml = PolicyYaml.render(result.networkPolicies());
    for (Map.Entry<String, String> e : namespaces.entrySet()) {
      yaml =
          yaml.replace(
              "\n  namespace: " + e.getKey() + "\n", "\n  namespace: " + e.getValue() + "\n");
    }
    Path file = dir.resolve("policies.yaml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);

    String out = api.kubectl("apply", "-f", file.toString()).ok();

    assertThat(out.lines()).hasSize(result.policies().size());
    for (GeneratedPolicy generated : result.policies()) {
      NetworkPolicy stored =
          api.admin()
              .network()
              .v1()
              .networkPolicies()
              .inNamespace(namespaces.get(generated.namespace()))
              .withName(generated.name())
              .get();
      assertThat(stored).as(generated.namespace() + "/" + generated.name()).isNotNull();
      assertThat(specYaml(stored)).isEqualTo(specYaml(generated.policy()));
      assertThat(stored.getMetadata().getLabels())
          .isEqualTo(generated.policy().getMetadata().getLabels());
      assertThat(stored.getMetadata().getAnnotations())
          .containsAllEntriesOf(generated.policy().getMetadata().getAnnotations());
    }
  }
}
