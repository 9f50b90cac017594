package dev.netseg.infer;

import dev.netseg.infer.AllowEntry.Target;
import java.util.Objects;
import java.util.Optional;

/**
 * An explicit allowance: clients {@code from} may reach {@code to}, in the declaration syntax. From
 * the CLI's allow file ({@link AllowFile}) or, later, a SegmentationProfile's allow list.
 *
 * @param from the clients: a name, a CIDR or kube-apiserver, without a port
 * @param to the destination and its port, as in {@code netseg.dev/egress}
 * @param namespace the namespace of unqualified names (the profile's), if any
 * @param origin where the rule was written, for provenance, e.g. {@code allow.yaml entry 2}
 */
public record AllowRule(AllowEntry from, AllowEntry to, Optional<String> namespace, String origin) {

  public AllowRule {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(origin, "origin");
  }

  /**
   * Parses and checks one rule.
   *
   * @param origin where it was written, also the prefix of error messages
   * @throws DeclarationException naming the origin, the side and the problem
   */
  public static AllowRule parse(String from, String to, Optional<String> namespace, String origin) {
    AllowEntry source = side(from, "from", origin);
    AllowEntry destination = side(to, "to", origin);
    if (source.port().isPresent() || source.protocol().isPresent()) {
      throw new DeclarationException(
          origin + " from \"" + from + "\": the client side takes no port; put the port on 'to'");
    }
    if (!(source.target() instanceof Target.Named)
        && !(destination.target() instanceof Target.Named)) {
      throw new DeclarationException(
          origin
              + ": one side must be a Service or workload of the cluster (both are outside"
              + " addresses or the API server)");
    }
    if (namespace.isEmpty()) {
      requireNamespace(source, "from", origin);
      requireNamespace(destination, "to", origin);
    }
    return new AllowRule(source, destination, namespace, origin);
  }

  private static AllowEntry side(String text, String side, String origin) {
    if (text == null || text.isBlank()) {
      throw new DeclarationException(origin + ": '" + side + "' is missing");
    }
    try {
      return DeclarationSyntax.parse(text);
    } catch (DeclarationException e) {
      throw new DeclarationException(
          origin + " " + side + " \"" + text.trim() + "\": " + e.getMessage());
    }
  }

  private static void requireNamespace(AllowEntry entry, String side, String origin) {
    if (entry.target() instanceof Target.Named named && named.namespace().isEmpty()) {
      throw new DeclarationException(
          origin
              + " "
              + side
              + " \""
              + entry.text()
              + "\": write namespace/name (or set 'namespace:' at the top of the file)");
    }
  }
}
