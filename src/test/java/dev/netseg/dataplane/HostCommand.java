package dev.netseg.dataplane;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs one command of the machine ({@code ip}, {@code iptables}, ...) to its end, with a deadline,
 * and fails with its output when it fails.
 */
final class HostCommand {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private HostCommand() {}

  /** What a finished command printed (stdout and stderr together) and its exit code. */
  record Result(int exitCode, String output) {}

  /** Runs {@code command}; its output, or an exception with the output if it exits non-zero. */
  static String run(List<String> command) {
    return run(command, null);
  }

  /** {@link #run(List)} with {@code input} written to its stdin. */
  static String run(List<String> command, String input) {
    Result r = attempt(command, input);
    if (r.exitCode() != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " exited " + r.exitCode() + ": " + r.output().strip());
    }
    return r.output();
  }

  /** Runs {@code command} and returns what happened, whatever its exit code. */
  static Result attempt(List<String> command, String input) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      CompletableFuture<byte[]> output =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return p.getInputStream().readAllBytes();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      try (OutputStream stdin = p.getOutputStream()) {
        if (input != null) {
          stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not end in " + TIMEOUT);
      }
      return new Result(p.exitValue(), new String(output.join(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
    }
  }
}
