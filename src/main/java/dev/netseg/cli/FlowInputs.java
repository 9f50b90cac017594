package dev.netseg.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The inputs besides manifests that say which flows are required: observed flows, allow rules. */
final class FlowInputs {
  @Option(
      names = "--flows",
      paramLabel = "FILE",
      description = "Observed connections: Hubble JSON lines or netseg JSON lines (docs/flows.md).")
  Path flows;

  @Option(
      names = "--allow",
      paramLabel = "FILE",
      description = "Explicit allowances (docs/declarations.md).")
  Path allow;
}
