package dev.netseg.infer;

import dev.netseg.infer.AllowEntry.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An explicit allowance in the declaration syntax, from the CLI's allow file ({@link AllowFile}) or
 * a SegmentationProfile's allow list. Two forms:
 *
 * <ul>
 *   <li>{@link Between}: clients {@code from} may reach {@code to} (the file's {@code from}/{@code
 *       to} entries);
 *   <li>{@link ForWorkload}: what one workload may reach or be reached by, with exactly the meaning
 *       of its {@code netseg.dev/egress} and {@code netseg.dev/ingress} annotations (the profile's
 *       {@code {workload, egress, ingress}} entries).
 * </ul>
 */
public sealed interface AllowRule {

  /** Where the rule was written, for provenance and messages, e.g. {@code allow.yaml entry 2}. */
  String origin();

  /**
   * @param from the clients: a name, a CIDR or kube-apiserver, without a port
   * @param to the destination and its port, as in {@code netseg.dev/egress}
   * @param namespace the namespace of unqualified names, if any
   */
  record Between(AllowEntry from, AllowEntry to, Optional<String> namespace, String origin)
      implements AllowRule {
    public Between {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(origin, "origin");
    }
  }

  /** Which annotation a {@link ForWorkload} rule stands for. */
  enum Direction {
    /** Like {@code netseg.dev/egress}: what the workload talks to. */
    EGRESS,
    /** Like {@code netseg.dev/ingress}: who may talk to it, on its own ports. */
    INGRESS
  }

  /**
   * @param namespace the workload's namespace, also that of unqualified names in {@code entry}
   * @param workload the workload's name (every kind of that name)
   */
  record ForWorkload(
      String namespace, String workload, Direction direction, AllowEntry entry, String origin)
      implements AllowRule {
    public ForWorkload {
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(workload, "workload");
      Objects.requireNonNull(direction, "direction");
      Objects.requireNonNull(entry, "entry");
      Objects.requireNonNull(origin, "origin");
    }
  }

  /**
   * Parses and checks a {@code from}/{@code to} rule.
   *
   * @param origin where it was written, also the prefix of error messages
   * @throws DeclarationException naming the origin, the side and the problem
   */
  static Between between(String from, String to, Optional<String> namespace, String origin) {
    AllowEntry source = side(from, "from", origin);
    AllowEntry destination = side(to, "to", origin);
    if (source.port().isPresent() || source.protocol().isPresent()) {
      throw new DeclarationException(
          origin
              + " from \""
              + source.text()
              + "\": the client side takes no port; put it on 'to'");
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
    return new Between(source, destination, namespace, origin);
  }

  /**
   * Parses a workload's egress and ingress entries (the profile's allow-list form).
   *
   * @param origin where they were written, e.g. {@code SegmentationProfile shop/p spec.allow[0]};
   *     each rule's origin adds {@code egress[i]} or {@code ingress[i]}
   * @throws DeclarationException naming the origin, the list, the index and the problem
   */
  static List<AllowRule> forWorkload(
      String namespace, String workload, List<String> egress, List<String> ingress, String origin) {
    List<AllowRule> rules = new ArrayList<>();
    add(rules, namespace, workload, Direction.EGRESS, egress, origin + " egress");
    add(rules, namespace, workload, Direction.INGRESS, ingress, origin + " ingress");
    return List.copyOf(rules);
  }

  private static void add(
      List<AllowRule> rules,
      String namespace,
      String workload,
      Direction direction,
      List<String> entries,
      String where) {
    for (int i = 0; entries != null && i < entries.size(); i++) {
      String at = where + "[" + i + "]";
      AllowEntry entry = side(entries.get(i), "", at);
      rules.add(new ForWorkload(namespace, workload, direction, entry, at));
    }
  }

  private static AllowEntry side(String text, String side, String origin) {
    String label = side.isEmpty() ? "" : " " + side;
    if (text == null || text.isBlank()) {
      throw new DeclarationException(
          origin + (side.isEmpty() ? ": empty entry" : ": '" + side + "' is missing"));
    }
    try {
      return DeclarationSyntax.parse(text);
    } catch (DeclarationException e) {
      throw new DeclarationException(
          origin + label + " \"" + text.trim() + "\": " + e.getMessage());
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
