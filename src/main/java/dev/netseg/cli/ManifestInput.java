package dev.netseg.cli;

import dev.netseg.manifest.ManifestException;
import dev.netseg.manifest.ManifestLoader;
import dev.netseg.manifest.Manifests;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Loads the manifests named on a command line, turning every problem into a {@link UserError}. */
final class ManifestInput {
  private ManifestInput() {}

  static Manifests load(List<Path> paths, String defaultNamespace, PrintWriter err) {
    for (Path p : paths) {
      if (!Files.exists(p)) {
        throw new UserError(p + ": no such file or directory");
      }
    }
    Manifests manifests;
    try {
      manifests = new ManifestLoader(defaultNamespace).load(paths);
    } catch (ManifestException e) {
      throw new UserError(e.getMessage(), e);
    }
    for (String warning : manifests.warnings()) {
      err.println("warning: " + warning);
    }
    err.flush();
    return manifests;
  }
}
