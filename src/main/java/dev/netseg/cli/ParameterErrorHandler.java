package dev.netseg.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A wrong flag or argument is one line on stderr that names it (picocli's message, for a converter
 * its exception's message) and points to {@code --help}, exit code 2, instead of the message
 * followed by the whole usage. picocli's suggestions for a mistyped flag still follow.
 */
final class ParameterErrorHandler implements IParameterExceptionHandler {
  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println(
        "error: %s; see '%s --help'"
            .formatted(ex.getMessage(), cmd.getCommandSpec().qualifiedName()));
    UnmatchedArgumentException.printSuggestions(ex, err);
    err.flush();
    return cmd.getCommandSpec().exitCodeOnInvalidInput();
  }
}
