package dev.netseg.manifest;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The files to read for the paths a user gave: a file as given (whatever its extension), a
 * directory's {@code *.yaml}, {@code *.yml} and {@code *.json} files at any depth, sorted by their
 * path below the directory, skipping hidden files and directories. A file named twice (directly and
 * through its directory) is read once. A Helm chart or a kustomization, given or found below a
 * directory, is an error ({@link UnrenderedSources}); {@code -} stands for standard input.
 */
final class ManifestFiles {
  /** The path {@code -}: standard input, read by the caller. */
  static final Path STANDARD_INPUT = Path.of("-");

  private ManifestFiles() {}

  /**
   * @param warnings receives a line for a directory with no manifest files
   * @throws ManifestException for a path that does not exist or cannot be listed
   */
  static List<Path> collect(List<Path> paths, List<String> warnings) {
    List<Path> files = new ArrayList<>();
    Set<Path> seen = new HashSet<>();
    for (Path path : paths) {
      if (path.equals(STANDARD_INPUT)) {
        if (seen.add(STANDARD_INPUT)) {
          files.add(STANDARD_INPUT);
        }
      } else if (Files.isDirectory(path)) {
        UnrenderedSources.folder(path)
            .ifPresent(
                e -> {
                  throw e;
                });
        List<Path> found = walk(path);
        if (found.isEmpty()) {
          warnings.add(path + ": no *.yaml, *.yml or *.json files");
        }
        found.forEach(f -> addOnce(f, files, seen));
      } else if (Files.exists(path)) {
        UnrenderedSources.file(path)
            .ifPresent(
                e -> {
                  throw e;
                });
        addOnce(path, files, seen);
      } else {
        throw new ManifestException(path + ": cannot read: no such file or directory");
      }
    }
    return files;
  }

  static boolean isJson(Path file) {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
  }

  static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** Adds a file unless it was added already, under this or another name (a link). */
  private static void addOnce(Path file, List<Path> files, Set<Path> seen) {
    Path key;
    try {
      key = file.toRealPath();
    } catch (IOException e) {
      key = file.toAbsolutePath().normalize();
    }
    if (seen.add(key)) {
      files.add(file);
    }
  }

  private static List<Path> walk(Path root) {
    List<Path> found = new ArrayList<>();
    List<Path> unrendered = new ArrayList<>();
    try {
      // walkFileTree rather than Files.walk: hidden directories (.git) are skipped, not listed.
      // Symbolic links are followed (a linked directory is common in generated trees); a link
      // back up the tree is skipped rather than walked forever.
      Files.walkFileTree(
          root,
          EnumSet.of(FileVisitOption.FOLLOW_LINKS),
          Integer.MAX_VALUE,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              if (dir.equals(root)) {
                return FileVisitResult.CONTINUE;
              }
              if (hidden(dir)) {
                return FileVisitResult.SKIP_SUBTREE;
              }
              if (UnrenderedSources.folder(dir).isPresent()) {
                unrendered.add(dir);
                return FileVisitResult.SKIP_SUBTREE;
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (!hidden(file) && hasManifestExtension(file) && Files.isRegularFile(file)) {
                found.add(file);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
              if (e instanceof FileSystemLoopException) {
                return FileVisitResult.CONTINUE;
              }
              throw e;
            }
          });
    } catch (IOException e) {
      throw new ManifestException(root + ": cannot read: " + describe(e), e);
    }
    if (!unrendered.isEmpty()) {
      // a chart or kustomization inside the tree: name the first in path order
      unrendered.sort(Comparator.comparing(p -> slashed(root.relativize(p))));
      throw UnrenderedSources.folder(unrendered.get(0)).orElseThrow();
    }
    found.sort(Comparator.comparing(p -> slashed(root.relativize(p))));
    return found;
  }

  private static boolean hidden(Path path) {
    Path name = path.getFileName();
    return name != null && name.toString().startsWith(".");
  }

  private static boolean hasManifestExtension(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
  }

  /** The relative path with '/' separators, so that the order is the same on every OS. */
  private static String slashed(Path relative) {
    List<String> parts = new ArrayList<>();
    relative.forEach(p -> parts.add(p.toString()));
    return String.join("/", parts);
  }
}
