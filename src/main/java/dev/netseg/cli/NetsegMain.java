package dev.netseg.cli;

import java.io.InputStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code netseg} command line: one jar, one subcommand per job. */
@Command(
    name = "netseg",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Kubernetes network segmentation with native NetworkPolicy.",
    subcommands = {
      CommandLine.HelpCommand.class,
      GenerateCommand.class,
      VerifyCommand.class,
      DiffCommand.class,
      ConnectivityCommand.class,
      MapCommand.class,
      SegmentsCommand.class,
      OperatorCommand.class,
      ProposalCommand.class
    })
public final class NetsegMain implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final InputStream standardInput;

  private NetsegMain(InputStream standardInput) {
    this.standardInput = standardInput;
  }

  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and the tests. */
  public static CommandLine newCommandLine() {
    return newCommandLine(System.in);
  }

  /** As {@link #newCommandLine()}, reading manifests given as {@code -} from {@code stdin}. */
  public static CommandLine newCommandLine(InputStream stdin) {
    CommandLine cmd = new CommandLine(new NetsegMain(stdin));
    cmd.setExecutionExceptionHandler(new UserErrorHandler());
    cmd.setParameterExceptionHandler(new ParameterErrorHandler());
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    return cmd;
  }

  /** Where {@code -} reads manifests from. */
  InputStream standardInput() {
    return standardInput;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
