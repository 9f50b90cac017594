package dev.netseg.dataplane;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The test JVM's handle on one {@link NetnsAgent}: starts it inside a network namespace and sends
 * it commands; each answer completes the future of its command.
 */
final class AgentProcess implements AutoCloseable {
  /** Small and quick to start: the agent only holds sockets. */
  private static final List<String> JVM_FLAGS =
      List.of(
          "-Xmx24m",
          "-Xss256k",
          "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1",
          "-XX:-UsePerfData",
          "-Xshare:auto");

  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

  private final String netns;
  private final Process process;
  private final OutputStream stdin;
  private final Path log;
  private final Map<Long, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();

  private AgentProcess(String netns, Process process, Path log) {
    this.netns = netns;
    this.process = process;
    this.stdin = process.getOutputStream();
    this.log = log;
    Thread reader = new Thread(this::readAnswers, "agent-" + netns);
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts an agent inside {@code netns}; its stderr goes to {@code log}. */
  static AgentProcess start(String netns, Path log) {
    List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", netns, javaBinary()));
    command.addAll(JVM_FLAGS);
    command.addAll(List.of("-cp", classpath(), NetnsAgent.class.getName()));
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      return new AgentProcess(netns, process, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the agent in " + netns, e);
    }
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The folder (or jar) this class was loaded from: the agent needs nothing else. */
  private static String classpath() {
    try {
      return Path.of(NetnsAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the test classes", e);
    }
  }

  String netns() {
    return netns;
  }

  long pid() {
    return process.pid();
  }

  /** Sends {@code command} (without the ID); completes with the answer (without the ID). */
  CompletableFuture<String> send(String command) {
    long id = ids.incrementAndGet();
    CompletableFuture<String> answer = new CompletableFuture<>();
    pending.put(id, answer);
    byte[] line = (id + " " + command + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      synchronized (stdin) {
        stdin.write(line);
        stdin.flush();
      }
    } catch (IOException e) {
      pending.remove(id);
      answer.completeExceptionally(
          new IllegalStateException("agent in " + netns + " is gone: " + logTail(), e));
    }
    return answer;
  }

  /** Sends {@code command} and waits for an answer that starts with {@code ok} or {@code pong}. */
  void call(String command) {
    String answer = await(send(command), command);
    if (!answer.equals("ok") && !answer.equals("pong")) {
      throw new IllegalStateException("agent in " + netns + ": " + command + ": " + answer);
    }
  }

  /** The answer of a sent command, or an exception naming the namespace and the command. */
  String await(CompletableFuture<String> answer, String command) {
    try {
      return answer.get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "agent in " + netns + " did not answer '" + command + "' in " + ANSWER_TIMEOUT, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("agent in " + netns + ": " + command, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private void readAnswers() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        int space = line.indexOf(' ');
        if (space < 0) {
          continue;
        }
        CompletableFuture<String> answer = pending.remove(Long.parseLong(line.substring(0, space)));
        if (answer != null) {
          answer.complete(line.substring(space + 1));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // the process ended; fail what waits below
    }
    IllegalStateException gone =
        new IllegalStateException("agent in " + netns + " exited: " + logTail());
    pending.values().forEach(f -> f.completeExceptionally(gone));
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    try {
      stdin.close(); // the agent exits on end of input
    } catch (IOException e) {
      // already gone
    }
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
