package dev.netseg.operator.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A directory laid out as the kubelet mounts a Secret: the files are symlinks through {@code
 * ..data}, itself a symlink to a timestamped directory, and an update writes a new directory and
 * swaps {@code ..data} with one rename.
 */
final class MountedSecret {
  private final Path dir;
  private int version;

  MountedSecret(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
  }

  Path crt() {
    return dir.resolve("tls.crt");
  }

  Path key() {
    return dir.resolve("tls.key");
  }

  /** Publishes these files as the Secret's new content, the way the kubelet does. */
  void publish(Path crt, Path key) throws IOException {
    Path next = dir.resolve("..2026_11_01_" + (++version));
    Files.createDirectory(next);
    Files.copy(crt, next.resolve("tls.crt"));
    Files.copy(key, next.resolve("tls.key"));
    Path tmp = dir.resolve("..data_tmp");
    Files.createSymbolicLink(tmp, next.getFileName());
    Files.move(tmp, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
    if (version == 1) {
      Files.createSymbolicLink(crt(), Path.of("..data", "tls.crt"));
      Files.createSymbolicLink(key(), Path.of("..data", "tls.key"));
    }
  }
}
