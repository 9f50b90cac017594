package dev.netseg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * {@code netseg operator}'s duration flags take the Kubernetes style the CRD and the chart use
 * ({@code 30s}, {@code 1h30m}), and ISO-8601 as well; a wrong value is one line naming the flag.
 */
class OperatorDurationFlagsTest {

  @ParameterizedTest(name = "--edge-flush-interval={0}")
  @CsvSource({
    "30s, PT30S",
    "500ms, PT0.5S",
    "1h30m, PT1H30M",
    "24h, PT24H",
    "7d, PT168H",
    "PT30S, PT30S",
    "PT1M30S, PT1M30S",
  })
  void edgeFlushIntervalTakesKubernetesAndIsoDurations(String flag, String expected) {
    OperatorCommand command = new OperatorCommand();
    new CommandLine(command).parseArgs("--edge-flush-interval=" + flag);

    assertThat(command.config().edgeFlushInterval()).isEqualTo(Duration.parse(expected));
  }

  @Test
  void theDefaultIsThirtySeconds() {
    OperatorCommand command = new OperatorCommand();
    new CommandLine(command).parseArgs();

    assertThat(command.config().edgeFlushInterval()).isEqualTo(Duration.ofSeconds(30));
  }

  @ParameterizedTest(name = "--edge-flush-interval={0}")
  @CsvSource({"3x", "30", "1.5h", "-30s", "PT-30S", "thirty"})
  void aWrongDurationIsOneLineNamingTheFlag(String flag) {
    CliRun run = CliRun.of("operator", "--edge-flush-interval=" + flag);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().strip().lines())
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .contains("--edge-flush-interval", "\"" + flag + "\" is not a duration")
                    .contains("30s", "1h30m", "PT30S"));
  }

  @ParameterizedTest(name = "--edge-flush-interval={0}")
  @CsvSource({"0s", "0ms", "PT0S"})
  void aZeroFlushIntervalIsRefusedInOneLine(String flag) {
    CliRun run = CliRun.of("operator", "--edge-flush-interval=" + flag);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip().lines())
        .singleElement()
        .satisfies(
            line -> assertThat(line).contains("--edge-flush-interval must be longer than 0"));
  }

  @Test
  void theWarmUpIsThirtySecondsByDefaultAndZeroTurnsItOff() {
    OperatorCommand byDefault = new OperatorCommand();
    new CommandLine(byDefault).parseArgs();
    OperatorCommand off = new OperatorCommand();
    new CommandLine(off).parseArgs("--flow-warmup=0s");
    OperatorCommand longer = new OperatorCommand();
    new CommandLine(longer).parseArgs("--flow-warmup=2m");

    assertThat(byDefault.config().flowWarmup()).isEqualTo(Duration.ofSeconds(30));
    assertThat(off.config().flowWarmup()).isZero();
    assertThat(longer.config().flowWarmup()).isEqualTo(Duration.ofMinutes(2));
  }

  @ParameterizedTest(name = "--flow-warmup={0}")
  @CsvSource({"-30s", "30", "soon"})
  void aWrongWarmUpIsOneLineNamingTheFlag(String flag) {
    CliRun run = CliRun.of("operator", "--flow-warmup=" + flag);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip().lines())
        .singleElement()
        .satisfies(line -> assertThat(line).contains("--flow-warmup", "\"" + flag + "\""));
  }
}
