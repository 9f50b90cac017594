package dev.netseg.operator.apply;

import dev.netseg.operator.crd.PolicyProposal;
import dev.netseg.operator.crd.PolicyProposalSpec;
import dev.netseg.operator.crd.SegmentationProfile;
import dev.netseg.operator.plan.Ownership;
import dev.netseg.synth.PolicyYaml;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;

/**
 * Keeps a profile's PolicyProposal (same name as the profile, owned by it) equal to the policies it
 * proposes, so that a person can review them before enforcing. Writes only when the YAML changed.
 */
public final class ProposalWriter {
  /** Above this, the YAML is stored compressed to stay far under the 1 MiB object limit. */
  static final int MAX_PLAIN_BYTES = 256 * 1024;

  private static final int MAX_REMEMBERED_PROFILES = 4096;

  private final KubernetesClient client;
  private final WriteMode mode;
  private final Map<String, Rendered> lastRendered = new ConcurrentHashMap<>();

  public ProposalWriter(KubernetesClient client, WriteMode mode) {
    this.client = client;
    this.mode = mode;
  }

  /** Writes the proposal if it differs from {@code current}; returns what it wrote, if anything. */
  public Optional<PolicyProposal> write(
      SegmentationProfile profile,
      Ownership.Owner owner,
      List<NetworkPolicy> proposed,
      int blocked,
      PolicyProposal current,
      Instant now) {
    Rendered rendered = render(owner, proposed);
    PolicyProposalSpec spec = new PolicyProposalSpec();
    spec.setProfile(owner.name());
    spec.setProfileGeneration(profile.getMetadata().getGeneration());
    spec.setPolicyCount(proposed.size());
    spec.setBlockedFlowCount(blocked);
    spec.setYaml(rendered.yaml());
    spec.setYamlGzip(rendered.yamlGzip());
    if (current != null && sameContent(current.getSpec(), spec)) {
      return Optional.empty();
    }
    spec.setComputedAt(now.toString());
    PolicyProposal proposal = new PolicyProposal();
    proposal.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(owner.namespace())
            .withName(owner.name())
            .withLabels(Ownership.labels(owner))
            .withOwnerReferences(Ownership.referenceTo(owner))
            .build());
    proposal.setSpec(spec);
    var resource =
        client.resources(PolicyProposal.class).inNamespace(owner.namespace()).resource(proposal);
    if (mode == WriteMode.SERVER_SIDE_APPLY) {
      return Optional.of(
          resource.patch(
              new PatchContext.Builder()
                  .withPatchType(PatchType.SERVER_SIDE_APPLY)
                  .withFieldManager(PolicyWriter.FIELD_MANAGER)
                  .withForce(true)
                  .build()));
    }
    return Optional.of(resource.createOr(existing -> existing.update()));
  }

  /**
   * The proposal's YAML, rendered again only when the proposed policies changed: most reconciles
   * propose what they proposed before, and rendering thousands of policies (and compressing them)
   * costs more than comparing them.
   */
  private Rendered render(Ownership.Owner owner, List<NetworkPolicy> proposed) {
    String key = owner.namespace() + "/" + owner.name() + "/" + owner.uid();
    Rendered last = lastRendered.get(key);
    if (last != null && last.policies().equals(proposed)) {
      return last;
    }
    String yaml = proposed.isEmpty() ? "" : PolicyYaml.render(proposed);
    byte[] bytes = yaml.getBytes(StandardCharsets.UTF_8);
    Rendered rendered =
        bytes.length <= MAX_PLAIN_BYTES
            ? new Rendered(List.copyOf(proposed), yaml, null)
            : new Rendered(
                List.copyOf(proposed), null, Base64.getEncoder().encodeToString(gzip(bytes)));
    if (lastRendered.size() >= MAX_REMEMBERED_PROFILES) {
      lastRendered.clear(); // profiles come and go; a bound keeps deleted ones from piling up
    }
    lastRendered.put(key, rendered);
    return rendered;
  }

  /** Policies as rendered into a proposal: plain YAML or, when large, gzip in base64. */
  private record Rendered(List<NetworkPolicy> policies, String yaml, String yamlGzip) {}

  private static boolean sameContent(PolicyProposalSpec a, PolicyProposalSpec b) {
    return a != null
        && Objects.equals(a.getProfileGeneration(), b.getProfileGeneration())
        && Objects.equals(a.getPolicyCount(), b.getPolicyCount())
        && Objects.equals(a.getBlockedFlowCount(), b.getBlockedFlowCount())
        && Objects.equals(a.getYaml(), b.getYaml())
        && Objects.equals(a.getYamlGzip(), b.getYamlGzip());
  }

  /** The YAML stream a proposal holds, whether stored as text or compressed. */
  public static String yamlOf(PolicyProposalSpec spec) {
    return spec == null
        ? ""
        : ProposalYaml.read(spec.getProfile(), spec.getYaml(), spec.getYamlGzip());
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
