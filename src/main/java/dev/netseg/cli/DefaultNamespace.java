package dev.netseg.cli;

import picocli.CommandLine.Option;

/** {@code -n}: the namespace of manifest objects that name none, as kubectl does. */
final class DefaultNamespace {
  @Option(
      names = {"-n", "--namespace"},
      defaultValue = "default",
      description = "Namespace of objects that name none (default: ${DEFAULT-VALUE}).")
  String value;
}
