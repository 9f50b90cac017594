package dev.netseg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.operator.http.EndpointStartException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.BindException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class UserErrorHandlerTest {

  @Command(name = "start")
  static final class FailsToListen implements Runnable {
    @Override
    public void run() {
      throw new EndpointStartException(
          "cannot listen on port 8080 (probes and metrics): address already in use",
          new BindException("Address already in use"));
    }
  }

  @Test
  void anEndpointThatCannotStartIsOneLineAndExitCode2() {
    CommandLine cmd = new CommandLine(new FailsToListen());
    cmd.setExecutionExceptionHandler(new UserErrorHandler());
    StringWriter err = new StringWriter();
    cmd.setErr(new PrintWriter(err, true));
    assertThat(cmd.execute()).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "error: cannot listen on port 8080 (probes and metrics): address already in use"
                + System.lineSeparator());
  }
}
