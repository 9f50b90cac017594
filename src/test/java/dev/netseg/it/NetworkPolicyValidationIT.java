package dev.netseg.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyList;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * NetworkPolicies of the kinds netseg writes pass the API server's own validation, and server-side
 * apply under field manager {@code netseg} records netseg as their owner.
 */
@RealApiServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NetworkPolicyValidationIT {
  static final String SAMPLE = "it/networkpolicies.yaml";
  static final String MANAGER = "netseg";

  private final ApiServerFixture api;
  private String ns;

  NetworkPolicyValidationIT(ApiServerFixture api) {
    this.api = api;
  }

  @BeforeAll
  void namespace() {
    ns = api.createNamespace("netpol-it");
  }

  static Stream<NetworkPolicy> samplePolicies() {
    String yaml;
    try (InputStream in =
        NetworkPolicyValidationIT.class.getClassLoader().getResourceAsStream(SAMPLE)) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    KubernetesSerialization serialization = new KubernetesSerialization();
    List<NetworkPolicy> policies =
        Arrays.stream(yaml.split("(?m)^---$"))
            .filter(doc -> doc.contains("kind: NetworkPolicy"))
            .map(doc -> serialization.unmarshal(doc, NetworkPolicy.class))
            .toList();
    assertThat(policies).hasSizeGreaterThanOrEqualTo(5);
    return policies.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samplePolicies")
  void apiServerAcceptsThePolicyAndStoresItUnchangedWithNetsegAsOwner(NetworkPolicy policy) {
    NetworkPolicy applied = apply(policy);

    NetworkPolicy stored = policies().withName(policy.getMetadata().getName()).get();
    assertThat(applied.getSpec()).isEqualTo(policy.getSpec());
    assertThat(stored.getSpec()).isEqualTo(policy.getSpec());
    assertThat(stored.getMetadata().getLabels()).isEqualTo(policy.getMetadata().getLabels());
    assertThat(stored.getMetadata().getManagedFields())
        .singleElement()
        .satisfies(
            entry -> {
              assertThat(entry.getManager()).isEqualTo(MANAGER);
              assertThat(entry.getOperation()).isEqualTo("Apply");
              assertThat(fields(entry)).contains("\"f:spec\"").contains("\"f:labels\"");
            });
  }

  @Test
  void reapplyingTheSamePolicyWritesNothing() {
    NetworkPolicy policy = sample("netseg-api");
    String first = apply(policy).getMetadata().getResourceVersion();

    String second = apply(sample("netseg-api")).getMetadata().getResourceVersion();

    assertThat(second).isEqualTo(first);
  }

  @Test
  void forcedApplyByNetsegPutsBackAManualEditAndTakesBackOwnership() {
    NetworkPolicy policy = sample("netseg-web");
    policy.getMetadata().setName("netseg-web-edited");
    apply(policy);

    // A user widens the ingress by hand.
    api.kubectl(
            "patch",
            "networkpolicy",
            "netseg-web-edited",
            "-n",
            ns,
            "--type=json",
            "-p=[{\"op\": \"add\", \"path\": \"/spec/ingress/-\", \"value\": {}}]")
        .ok();
    NetworkPolicy edited = policies().withName("netseg-web-edited").get();
    assertThat(edited.getSpec().getIngress()).hasSize(policy.getSpec().getIngress().size() + 1);
    assertThat(edited.getMetadata().getManagedFields())
        .extracting(ManagedFieldsEntry::getManager)
        .containsExactlyInAnyOrder(MANAGER, "kubectl-patch");

    NetworkPolicy restored = apply(policy);

    assertThat(restored.getSpec()).isEqualTo(policy.getSpec());
    assertThat(restored.getMetadata().getManagedFields())
        .filteredOn(e -> fields(e).contains("\"f:ingress\""))
        .extracting(ManagedFieldsEntry::getManager)
        .containsExactly(MANAGER);
  }

  static Stream<Arguments> invalidPolicies() {
    return Stream.of(
        Arguments.of(
            "endPort below port",
            "ingress: [{ports: [{protocol: TCP, port: 9110, endPort: 9100}]}]",
            List.of("spec.ingress[0].ports[0].endPort", "must be greater than or equal to")),
        Arguments.of(
            "endPort with a named port",
            "ingress: [{ports: [{protocol: TCP, port: metrics, endPort: 9110}]}]",
            List.of("spec.ingress[0].ports[0].endPort")),
        Arguments.of(
            "except outside the cidr",
            "egress: [{to: [{ipBlock: {cidr: 10.0.0.0/16, except: [10.1.0.0/24]}}]}]",
            List.of("spec.egress[0].to[0].ipBlock.except[0]", "10.1.0.0/24")),
        Arguments.of(
            "invalid cidr",
            "egress: [{to: [{ipBlock: {cidr: 10.0.0.0/33}}]}]",
            List.of("spec.egress[0].to[0].ipBlock.cidr", "10.0.0.0/33")),
        Arguments.of(
            "unsupported protocol",
            "egress: [{ports: [{protocol: ICMP}]}]",
            List.of("spec.egress[0].ports[0].protocol: Unsupported value: \"ICMP\"")));
  }

  /** A negative control: the API server really validates what netseg would write. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidPolicies")
  void apiServerRejectsAnInvalidPolicy(String title, String specYaml, List<String> messages) {
    String name = "invalid-" + Math.abs(title.hashCode());
    NetworkPolicy policy =
        new KubernetesSerialization()
            .unmarshal(
                "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: "
                    + name
                    + "}\nspec:\n  podSelector: {}\n  "
                    + specYaml
                    + "\n",
                NetworkPolicy.class);

    assertThatThrownBy(() -> apply(policy))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              messages.forEach(m -> assertThat(e.getMessage()).contains(m));
            });
    assertThat(policies().withName(name).get()).isNull();
  }

  private NetworkPolicy apply(NetworkPolicy policy) {
    NetworkPolicy copy = new NetworkPolicyBuilder(policy).build();
    copy.getMetadata().setNamespace(ns);
    return policies().resource(copy).fieldManager(MANAGER).forceConflicts().serverSideApply();
  }

  private NonNamespaceOperation<NetworkPolicy, NetworkPolicyList, Resource<NetworkPolicy>>
      policies() {
    return api.admin().network().v1().networkPolicies().inNamespace(ns);
  }

  private static NetworkPolicy sample(String name) {
    return samplePolicies()
        .filter(p -> p.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static String fields(ManagedFieldsEntry entry) {
    return new KubernetesSerialization().asJson(entry.getFieldsV1());
  }
}
