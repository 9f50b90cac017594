package dev.netseg.cli;

import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Option;

/** When a command starts showing progress on stderr; hidden, for tests and the impatient. */
final class ProgressOption {
  @Option(
      names = "--progress-after-ms",
      hidden = true,
      defaultValue = "1000",
      description = "Show progress on stderr once a run takes longer than this.")
  long afterMillis;

  Progress start(PrintWriter err) {
    return new Progress(err, Duration.ofMillis(afterMillis));
  }
}
