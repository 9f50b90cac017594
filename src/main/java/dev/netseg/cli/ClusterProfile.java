package dev.netseg.cli;

import dev.netseg.operator.apply.ProposalYaml;
import dev.netseg.operator.crd.PolicyProposal;
import dev.netseg.operator.crd.SegmentationProfile;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A SegmentationProfile and its PolicyProposal as the commands that read the cluster ({@code
 * proposal}, {@code map --profile}) find them, with the same one-line errors. Read as generic
 * resources: a run builds no Jackson deserializers for the CRD classes it does not need
 * (docs/performance.md#cli-start-up).
 */
final class ClusterProfile {
  static final ResourceDefinitionContext PROFILES =
      namespaced(SegmentationProfile.KIND, SegmentationProfile.PLURAL);
  static final ResourceDefinitionContext PROPOSALS =
      namespaced(PolicyProposal.KIND, PolicyProposal.PLURAL);

  private ClusterProfile() {}

  /** A profile by namespace and name, as {@code NAMESPACE/PROFILE} names it. */
  record Ref(String namespace, String name) {
    /**
     * @throws UserError when {@code text} is not {@code NAMESPACE/PROFILE}
     */
    static Ref parse(String text) {
      String[] parts = text.split("/", -1);
      if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
        throw new UserError("\"" + text + "\" is not NAMESPACE/PROFILE (for example shop/shop)");
      }
      return new Ref(parts[0], parts[1]);
    }

    @Override
    public String toString() {
      return namespace + "/" + name;
    }
  }

  /**
   * @throws UserError when the profile does not exist
   */
  static GenericKubernetesResource profile(KubernetesClient client, Ref ref) {
    GenericKubernetesResource profile = get(client, PROFILES, ref);
    if (profile == null) {
      throw new UserError(
          "SegmentationProfile %s not found (kubectl get segmentationprofiles -n %s)"
              .formatted(ref, ref.namespace()));
    }
    return profile;
  }

  /**
   * The YAML stream of the profile's PolicyProposal; empty when it proposes nothing.
   *
   * @throws UserError when the profile has no proposal yet, or its {@code yamlGzip} is corrupt
   */
  static String proposalYaml(KubernetesClient client, Ref ref) {
    GenericKubernetesResource proposal = get(client, PROPOSALS, ref);
    if (proposal == null) {
      throw new UserError(
          ("SegmentationProfile %s has no PolicyProposal yet: the operator writes it when it"
                  + " reconciles the profile (is it running? kubectl describe"
                  + " segmentationprofile %s -n %s)")
              .formatted(ref, ref.name(), ref.namespace()));
    }
    try {
      return ProposalYaml.read(
          ref.name(),
          proposal.<String>get("spec", "yaml"),
          proposal.<String>get("spec", "yamlGzip"));
    } catch (IllegalStateException e) {
      throw new UserError(e.getMessage(), e);
    }
  }

  /** The object of {@code kind} named as the profile (a proposal is), or null. */
  private static GenericKubernetesResource get(
      KubernetesClient client, ResourceDefinitionContext kind, Ref ref) {
    return client
        .genericKubernetesResources(kind)
        .inNamespace(ref.namespace())
        .withName(ref.name())
        .get();
  }

  /** A YAML stream of one or more objects, as objects (none for a blank stream). */
  static List<HasMetadata> parse(KubernetesSerialization serialization, String yaml) {
    if (yaml.isBlank()) {
      return List.of();
    }
    Object parsed =
        serialization.unmarshal(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    if (parsed instanceof List<?> list) {
      return list.stream().map(HasMetadata.class::cast).toList();
    }
    return List.of((HasMetadata) parsed);
  }

  /** A namespaced kind of netseg's API group. */
  static ResourceDefinitionContext namespaced(String kind, String plural) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(SegmentationProfile.GROUP)
        .withVersion(SegmentationProfile.VERSION)
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(true)
        .build();
  }
}
