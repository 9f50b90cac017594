package dev.netseg.synth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;

/**
 * Renders policies as YAML a user can {@code kubectl apply}: fields in the Kubernetes model's
 * order, map keys sorted, strings quoted only where YAML needs it (label values like {@code "1"} or
 * {@code "true"} stay strings), the justification as a literal block. Same policies, same bytes.
 */
public final class PolicyYaml {
  private static final YAMLMapper MAPPER =
      YAMLMapper.builder()
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
          .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();

  private static final Comparator<NetworkPolicy> ORDER =
      Comparator.comparing((NetworkPolicy p) -> p.getMetadata().getNamespace())
          .thenComparing(p -> p.getMetadata().getName());

  private PolicyYaml() {}

  /** One policy as one YAML document (no {@code ---} marker). */
  public static String render(NetworkPolicy policy) {
    try {
      return MAPPER.writeValueAsString(policy);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot render NetworkPolicy", e);
    }
  }

  /** Every policy in one stream, sorted by namespace and name, each document after {@code ---}. */
  public static String render(List<NetworkPolicy> policies) {
    StringBuilder out = new StringBuilder();
    policies.stream().sorted(ORDER).forEach(p -> out.append("---\n").append(render(p)));
    return out.toString();
  }

  /**
   * A file name for one policy when writing one file per policy: {@code <namespace>.<name>.yaml}.
   */
  public static String fileName(NetworkPolicy policy) {
    return policy.getMetadata().getNamespace() + "." + policy.getMetadata().getName() + ".yaml";
  }
}
