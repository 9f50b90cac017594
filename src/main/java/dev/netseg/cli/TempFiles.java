package dev.netseg.cli;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Temporary siblings of files the CLI writes whole (written, then moved over the target). A JDK
 * temporary file is private to its owner (0600); moved into place it would make the output
 * unreadable to everyone else, unlike a file the shell writes. So it takes the permissions of the
 * file it replaces, or {@code rw-r--r--} for a new one.
 */
final class TempFiles {
  private static final Set<PosixFilePermission> NEW_FILE =
      PosixFilePermissions.fromString("rw-r--r--");

  private TempFiles() {}

  static Path sibling(Path target, String prefix) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, prefix, ".tmp");
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(
          tmp, Files.isRegularFile(target) ? Files.getPosixFilePermissions(target) : NEW_FILE);
    }
    return tmp;
  }
}
