package dev.netseg.manifest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Writes small manifest files into a test's temporary directory, loads them, and shows messages
 * with paths relative to that directory.
 */
final class ManifestFixtures {
  private final Path root;

  ManifestFixtures(Path root) {
    this.root = root;
  }

  Path write(String relative, String content) {
    Path file = root.resolve(relative);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  Manifests load(String... relative) {
    return load(new ManifestLoader(), relative);
  }

  Manifests load(ManifestLoader loader, String... relative) {
    return loader.load(Arrays.stream(relative).map(root::resolve).toList());
  }

  /** The message of the error loading these paths throws, with paths relative to the root. */
  String error(String... relative) {
    try {
      load(relative);
    } catch (ManifestException e) {
      return relative(e.getMessage());
    }
    throw new AssertionError("expected a ManifestException for " + List.of(relative));
  }

  List<String> warnings(Manifests manifests) {
    return manifests.warnings().stream().map(this::relative).toList();
  }

  String relative(String text) {
    return text.replace(root + "/", "").replace(root.toString(), ".");
  }

  static String pod(String name, String namespace) {
    return """
        apiVersion: v1
        kind: Pod
        metadata:
          name: %s%s
        spec:
          containers:
          - name: main
            image: nginx
        """
        .formatted(name, namespace == null ? "" : "\n  namespace: " + namespace);
  }
}
