package dev.netseg.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Turns a {@link UserError} into one line on stderr and exit code 2; anything else is a bug. */
final class UserErrorHandler implements IExecutionExceptionHandler {
  static final int USER_ERROR_EXIT = 2;

  @Override
  public int handleExecutionException(
      Exception ex, CommandLine commandLine, ParseResult parseResult) throws Exception {
    if (ex instanceof UserError) {
      commandLine.getErr().println("error: " + ex.getMessage());
      commandLine.getErr().flush();
      return USER_ERROR_EXIT;
    }
    throw ex;
  }
}
