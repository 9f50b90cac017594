package dev.netseg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files the CLI writes whole are readable like files the shell writes: a new one is {@code
 * rw-r--r--}, a replaced one keeps its mode (a JDK temporary file moved into place would be 0600).
 */
class OutputFilePermissionsTest {
  @TempDir Path dir;

  @Test
  void generatedPoliciesAndTheMapAreReadableByOthers() throws Exception {
    Path policies = dir.resolve("policies");
    assertThat(CliRun.of("generate", "examples/shop", "-o", policies.toString()).exitCode())
        .isZero();
    try (var files = Files.list(policies)) {
      for (Path f : files.toList()) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
            .as(f.toString())
            .isEqualTo("rw-r--r--");
      }
    }
    Path page = dir.resolve("map.html");
    assertThat(CliRun.of("map", "examples/shop", "-o", page.toString()).exitCode()).isZero();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(page)))
        .isEqualTo("rw-r--r--");
  }

  @Test
  void aReplacedFileKeepsItsMode() throws Exception {
    Path page = dir.resolve("map.html");
    Files.writeString(page, "old");
    Files.setPosixFilePermissions(page, PosixFilePermissions.fromString("rw-rw----"));
    assertThat(CliRun.of("map", "examples/shop", "-o", page.toString()).exitCode()).isZero();
    assertThat(Files.readString(page)).isNotEqualTo("old");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(page)))
        .isEqualTo("rw-rw----");
  }
}
