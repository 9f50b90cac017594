package dev.netseg.cli;

import dev.netseg.operator.StartupCheck;
import dev.netseg.operator.http.EndpointStartException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a {@link UserError}, an endpoint that cannot start (a port in use, a TLS file missing:
 * {@link EndpointStartException}) or an API server that cannot be used ({@link
 * StartupCheck.Failure}) into one line on stderr and exit code 2; anything else is a bug.
 */
final class UserErrorHandler implements IExecutionExceptionHandler {
  static final int USER_ERROR_EXIT = 2;

  @Override
  public int handleExecutionException(
      Exception ex, CommandLine commandLine, ParseResult parseResult) throws Exception {
    if (ex instanceof UserError
        || ex instanceof EndpointStartException
        || ex instanceof StartupCheck.Failure) {
      commandLine.getErr().println("error: " + ex.getMessage());
      commandLine.getErr().flush();
      return USER_ERROR_EXIT;
    }
    throw ex;
  }
}
