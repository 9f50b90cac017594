package dev.netseg.operator.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.operator.crd.PolicyProposal;
import dev.netseg.operator.crd.SegmentationProfile;
import dev.netseg.operator.plan.Ownership;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class ProposalWriterTest {
  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  KubernetesClient client;

  @Test
  void writesTheProposalOfEachCallAndNothingWhenItIsUnchanged() {
    ProposalWriter writer = new ProposalWriter(client, WriteMode.CREATE_OR_UPDATE);
    SegmentationProfile profile = profile();
    Ownership.Owner owner = owner();

    // A, A again (no write), B, then A once more: each written proposal holds the policies of
    // its own call, never a rendering remembered from an earlier one.
    List<List<NetworkPolicy>> calls =
        List.of(policies("a", 2), policies("a", 2), policies("b", 3), policies("a", 2));
    List<Boolean> wrote = new ArrayList<>();
    PolicyProposal current = null;
    for (List<NetworkPolicy> proposed : calls) {
      Optional<PolicyProposal> written = writer.write(profile, owner, proposed, 0, current, NOW);
      wrote.add(written.isPresent());
      current = written.orElse(current);
      String yaml = ProposalWriter.yamlOf(stored().getSpec());
      for (NetworkPolicy p : proposed) {
        assertThat(yaml).contains("name: " + p.getMetadata().getName());
      }
      assertThat(yaml.split("\n---", -1)).hasSize(proposed.size());
      assertThat(stored().getSpec().getPolicyCount()).isEqualTo(proposed.size());
    }
    assertThat(wrote).containsExactly(true, false, true, true);
  }

  @Test
  void aLargeProposalIsStoredCompressedAndReadsBackTheSame() {
    ProposalWriter writer = new ProposalWriter(client, WriteMode.CREATE_OR_UPDATE);
    List<NetworkPolicy> many = policies("large-application-workload", 3000);
    writer.write(profile(), owner(), many, 0, null, NOW);
    PolicyProposal stored = stored();
    assertThat(stored.getSpec().getYaml()).isNull();
    assertThat(stored.getSpec().getYamlGzip()).isNotNull();
    String yaml = ProposalWriter.yamlOf(stored.getSpec());
    assertThat(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
        .isGreaterThan(ProposalWriter.MAX_PLAIN_BYTES);
    assertThat(yaml).contains("name: large-application-workload-2999");

    // Written again from the remembered rendering: the same bytes, so no write.
    assertThat(writer.write(profile(), owner(), many, 0, stored, NOW)).isEmpty();
  }

  private PolicyProposal stored() {
    return client.resources(PolicyProposal.class).inNamespace("shop").withName("p").get();
  }

  private static List<NetworkPolicy> policies(String prefix, int n) {
    return IntStream.range(0, n)
        .mapToObj(
            i ->
                new NetworkPolicyBuilder()
                    .withMetadata(
                        new ObjectMetaBuilder()
                            .withName(prefix + "-" + i)
                            .withNamespace("shop")
                            .build())
                    .withNewSpec()
                    .withNewPodSelector()
                    .addToMatchLabels("app", prefix + "-" + i)
                    .endPodSelector()
                    .withPolicyTypes("Ingress")
                    .endSpec()
                    .build())
        .toList();
  }

  private static SegmentationProfile profile() {
    SegmentationProfile p = new SegmentationProfile();
    p.setMetadata(
        new ObjectMetaBuilder()
            .withName("p")
            .withNamespace("shop")
            .withUid("uid-p")
            .withGeneration(1L)
            .build());
    return p;
  }

  private static Ownership.Owner owner() {
    return new Ownership.Owner("netseg.dev/v1alpha1", "SegmentationProfile", "shop", "p", "uid-p");
  }
}
