package dev.netseg.operator.crd;

/**
 * The regular expressions the CRD schemas check, so that {@code kubectl apply} refuses a malformed
 * value at once. {@link dev.netseg.operator.profile.ProfileValidator} checks the same fields again
 * with messages that name them, and what a pattern cannot express (lengths of parts, map keys).
 */
final class SchemaPatterns {
  /** A workload name (Kubernetes object names are DNS subdomains). */
  static final String WORKLOAD_NAME = "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$";

  /** A namespace name (a DNS label). */
  static final String NAMESPACE = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";

  /** A zone of a segment rule: a segment name (a DNS label), unsegmented, external or *. */
  static final String ZONE = "^(\\*|[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)$";

  /** An IPv4 or IPv6 CIDR, roughly; the operator parses it and names a wrong one. */
  static final String CIDR = "^[0-9a-fA-F:.]+/[0-9]{1,3}$";

  /** A duration in the Kubernetes style: {@code 90s}, {@code 1h30m}, {@code 7d}. */
  static final String DURATION = "^([0-9]+(ms|s|m|h|d))+$";

  /**
   * A label key: an optional DNS subdomain prefix and {@code /}, then a name of 1-63 characters of
   * letters, digits, {@code -}, {@code _} and {@code .}, starting and ending alphanumeric.
   */
  static final String LABEL_KEY =
      "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
          + "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$";

  /** A label value: empty, or up to 63 characters like the name part of a key. */
  static final String LABEL_VALUE = "^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$";

  private SchemaPatterns() {}
}
