package dev.netseg.dataplane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the dataplane tier on this machine: a unique ID in the name of every network namespace
 * it creates ({@code netseg-dp-<id>-<role>}), and a lock file that the run holds while it lives.
 * Runs in other worktrees may share the machine, so a run sweeps only what a dead run left: a
 * namespace of the tier whose run's lock is free (the kernel frees it when a process dies, even
 * killed) loses its processes and is deleted.
 */
final class RunScope implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunScope.class);

  /** Every network namespace of the tier starts with it, and nothing else on the machine does. */
  static final String PREFIX = "netseg-dp-";

  private static final Path STATE = Path.of("/run/netseg-dataplane");
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

  private final String id;
  private final Path lockFile;
  private final FileChannel channel;
  private final FileLock lock;

  private RunScope(String id, Path lockFile, FileChannel channel, FileLock lock) {
    this.id = id;
    this.lockFile = lockFile;
    this.channel = channel;
    this.lock = lock;
  }

  /** Sweeps what dead runs left, then starts a run of its own. */
  static RunScope open() {
    try {
      Files.createDirectories(STATE);
      sweepDeadRuns();
      SecureRandom random = new SecureRandom();
      StringBuilder id = new StringBuilder();
      for (int i = 0; i < 6; i++) {
        id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
      // Locked before it gets its name, so that no sweep ever sees it unlocked.
      Path temp = Files.createTempFile(STATE, "starting-", ".tmp");
      FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
      FileLock lock = channel.lock();
      Path lockFile = STATE.resolve(id + ".lock");
      Files.move(temp, lockFile, StandardCopyOption.ATOMIC_MOVE);
      return new RunScope(id.toString(), lockFile, channel, lock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + STATE + " (the tier needs root)", e);
    }
  }

  String id() {
    return id;
  }

  /** The network namespace name of {@code role} (a few letters and digits) in this run. */
  String netns(String role) {
    return PREFIX + id + "-" + role;
  }

  /** A file for a Unix socket of this run (network namespaces share the file system). */
  Path socketFile(String name) {
    return STATE.resolve(id + "-" + name + ".sock");
  }

  /**
   * Notes processes of this run that live outside its namespaces (the API server and etcd), so that
   * a sweep can end them if the run is killed.
   */
  void recordProcesses(List<ProcessHandle> processes) {
    StringBuilder lines = new StringBuilder();
    for (ProcessHandle p : processes) {
      p.info()
          .startInstant()
          .ifPresent(
              start -> lines.append(p.pid()).append(' ').append(start.toEpochMilli()).append('\n'));
    }
    try {
      Files.writeString(STATE.resolve(id + "-processes.txt"), lines.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + STATE, e);
    }
  }

  /** Every network namespace of this run that still exists. */
  List<String> ownNamespaces() {
    return tierNamespaces().stream().filter(n -> n.startsWith(PREFIX + id + "-")).toList();
  }

  /** Kills the processes inside {@code netns} and deletes it. */
  static void delete(String netns) {
    for (String pid : HostCommand.run(List.of("ip", "netns", "pids", netns)).split("\\s+")) {
      if (!pid.isBlank()) {
        ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
    HostCommand.Result r = HostCommand.attempt(List.of("ip", "netns", "delete", netns), null);
    if (r.exitCode() != 0 && tierNamespaces().contains(netns)) {
      throw new IllegalStateException("cannot delete network namespace " + netns + ": " + r);
    }
  }

  static List<String> tierNamespaces() {
    List<String> out = new ArrayList<>();
    for (String line : HostCommand.run(List.of("ip", "netns", "list")).split("\n")) {
      String name = line.strip().split(" ")[0];
      if (name.startsWith(PREFIX)) {
        out.add(name);
      }
    }
    return out;
  }

  private static void sweepDeadRuns() throws IOException {
    List<String> dead = new ArrayList<>();
    for (String netns : tierNamespaces()) {
      String run = netns.substring(PREFIX.length()).split("-")[0];
      if (dead.contains(run) || !alive(run)) {
        if (!dead.contains(run)) {
          dead.add(run);
        }
        LOG.info("sweeping {}, left by dead dataplane run {}", netns, run);
        delete(netns);
      }
    }
    try (Stream<Path> files = Files.list(STATE)) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        String run = name.split("[-.]")[0];
        if (name.startsWith("starting-") ? olderThanAMinute(f) : !alive(run)) {
          if (name.endsWith("-processes.txt")) {
            endRecordedProcesses(f);
          }
          Files.deleteIfExists(f);
        }
      }
    }
  }

  /** Ends each recorded process that still runs (the same PID and start time). */
  private static void endRecordedProcesses(Path file) throws IOException {
    for (String line : Files.readAllLines(file)) {
      String[] f = line.split(" ");
      if (f.length != 2) {
        continue;
      }
      ProcessHandle.of(Long.parseLong(f[0]))
          .filter(
              p ->
                  p.info()
                      .startInstant()
                      .map(s -> s.toEpochMilli() == Long.parseLong(f[1]))
                      .orElse(false))
          .ifPresent(
              p -> {
                LOG.info(
                    "sweeping process {} left by a dead dataplane run: {}",
                    p.pid(),
                    p.info().command().orElse(""));
                p.destroyForcibly();
              });
    }
  }

  /** Whether the run's lock is held, by this JVM or another process. */
  private static boolean alive(String run) {
    Path file = STATE.resolve(run.toLowerCase(Locale.ROOT) + ".lock");
    if (!Files.exists(file)) {
      return false;
    }
    try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
      FileLock probe = c.tryLock();
      if (probe == null) {
        return true;
      }
      probe.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true;
    } catch (IOException e) {
      return true; // when in doubt, leave it
    }
  }

  private static boolean olderThanAMinute(Path f) throws IOException {
    return Files.getLastModifiedTime(f).toMillis() < System.currentTimeMillis() - 60_000;
  }

  /** Deletes every namespace of this run (killing what runs there), then frees the lock. */
  @Override
  public void close() {
    RuntimeException failure = null;
    for (String netns : ownNamespaces()) {
      try {
        delete(netns);
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    try (Stream<Path> files = Files.list(STATE)) {
      for (Path f : files.filter(f -> f.getFileName().toString().startsWith(id + "-")).toList()) {
        Files.deleteIfExists(f);
      }
      lock.release();
      channel.close();
      Files.deleteIfExists(lockFile);
    } catch (IOException e) {
      failure = failure == null ? new UncheckedIOException(e) : failure;
    }
    if (failure != null) {
      throw failure;
    }
  }
}
