package dev.netseg.operator.apply;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPInputStream;

/**
 * Reads the YAML stream a PolicyProposal holds: {@code spec.yaml} as text or, for large proposals,
 * {@code spec.yamlGzip} (gzip in base64). Plain strings in and out, so that {@code netseg proposal}
 * reads a proposal without the operator's classes.
 */
public final class ProposalYaml {
  private ProposalYaml() {}

  /**
   * @param profile the proposal's profile, named in the error of a corrupt {@code yamlGzip}
   * @return the YAML stream; empty when the profile proposes nothing
   * @throws IllegalStateException when {@code yamlGzip} is not gzip in base64
   */
  public static String read(String profile, String yaml, String yamlGzip) {
    if (yamlGzip != null) {
      try (GZIPInputStream in =
          new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(yamlGzip)))) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException | IllegalArgumentException e) {
        throw new IllegalStateException(
            "spec.yamlGzip of PolicyProposal " + profile + " is not gzip in base64", e);
      }
    }
    return yaml == null ? "" : yaml;
  }
}
