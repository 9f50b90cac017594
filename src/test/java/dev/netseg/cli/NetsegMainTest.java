package dev.netseg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class NetsegMainTest {

  @Test
  void everySubcommandPrintsUsageOnHelp() {
    for (String name : NetsegMain.newCommandLine().getSubcommands().keySet()) {
      CommandLine cmd = NetsegMain.newCommandLine();
      StringWriter out = new StringWriter();
      cmd.setOut(new PrintWriter(out));
      int exit = cmd.execute(name, "--help");
      assertThat(exit).as(name).isZero();
      assertThat(out.toString()).as(name).contains("Usage:");
    }
  }

  @Test
  void rootCommandWithoutArgumentsPrintsUsage() {
    CommandLine cmd = NetsegMain.newCommandLine();
    StringWriter out = new StringWriter();
    cmd.setOut(new PrintWriter(out));
    assertThat(cmd.execute()).isZero();
    assertThat(out.toString()).contains("Usage: netseg");
  }
}
