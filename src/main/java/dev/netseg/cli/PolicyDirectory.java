package dev.netseg.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Writes generated policy files into a directory so that either all of them are in place or none
 * changed. Every file is first written to a temporary name next to its target (a failure there
 * leaves nothing behind), then moved over its target; should a move fail, the files already moved
 * are put back as they were. {@link #removeStale} then removes the files of an earlier run that
 * this run no longer produces ({@code *.netseg-*.yaml}); other files are never touched.
 */
final class PolicyDirectory {
  private static final String GENERATED = ".*\\.netseg-.*\\.yaml";

  private PolicyDirectory() {}

  /**
   * @param files file name to content, written in this order
   * @return the files written, in that order
   */
  static List<Path> write(Path dir, Map<String, String> files) throws IOException {
    Files.createDirectories(dir);
    Map<Path, Path> temps = new java.util.LinkedHashMap<>();
    try {
      for (var e : files.entrySet()) {
        Path target = dir.resolve(e.getKey());
        Path tmp = TempFiles.sibling(target, ".netseg-");
        temps.put(target, tmp);
        Files.writeString(tmp, e.getValue());
      }
    } catch (IOException e) {
      deleteQuietly(temps.values());
      throw e;
    }
    Map<Path, byte[]> previous = new HashMap<>();
    for (Path target : temps.keySet()) {
      if (Files.isRegularFile(target)) {
        previous.put(target, Files.readAllBytes(target));
      }
    }
    List<Path> moved = new ArrayList<>();
    try {
      for (var e : temps.entrySet()) {
        Files.move(
            e.getValue(),
            e.getKey(),
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
        moved.add(e.getKey());
      }
    } catch (IOException e) {
      restore(moved, previous);
      deleteQuietly(temps.values());
      throw e;
    }
    return List.copyOf(temps.keySet());
  }

  /**
   * Removes the files of an earlier run that {@code written} does not include.
   *
   * @return the files removed, sorted
   */
  static List<Path> removeStale(Path dir, List<Path> written) throws IOException {
    Set<Path> wanted = new TreeSet<>(written);
    List<Path> stale;
    try (Stream<Path> existing = Files.list(dir)) {
      stale =
          existing
              .filter(p -> p.getFileName().toString().matches(GENERATED))
              .filter(p -> !wanted.contains(p))
              .sorted()
              .toList();
    }
    for (Path p : stale) {
      Files.delete(p);
    }
    return stale;
  }

  /** Puts back what the moved files replaced; best effort, the move's error is what is reported. */
  private static void restore(List<Path> moved, Map<Path, byte[]> previous) {
    for (Path target : moved) {
      try {
        byte[] before = previous.get(target);
        if (before == null) {
          Files.deleteIfExists(target);
        } else {
          Files.write(target, before);
        }
      } catch (IOException ignored) {
        // Nothing better to do: the original failure is reported.
      }
    }
  }

  private static void deleteQuietly(Iterable<Path> paths) {
    for (Path p : paths) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // A temporary file we could not remove; the original failure is reported.
      }
    }
  }
}
