package dev.netseg.cli;

import dev.netseg.manifest.ManifestLoader;
import picocli.CommandLine.Option;

/** {@code -n}: the namespace of manifest objects that name none, as kubectl does. */
final class DefaultNamespace {
  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NAMESPACE",
      description = "Namespace of objects that name none (default: default).")
  String value;

  /** The namespace given, else {@code default}. */
  String value() {
    return value == null ? ManifestLoader.DEFAULT_NAMESPACE : value;
  }

  /** Whether the user chose it. */
  boolean given() {
    return value != null;
  }
}
