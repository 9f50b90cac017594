package dev.netseg.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the netseg command line in-process and captures what it printed. */
record CliRun(int exitCode, String out, String err) {
  static CliRun of(String... args) {
    return withInput("", args);
  }

  /** Runs with {@code stdin} as standard input. */
  static CliRun withInput(String stdin, String... args) {
    CommandLine cmd =
        NetsegMain.newCommandLine(
            new java.io.ByteArrayInputStream(
                stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
