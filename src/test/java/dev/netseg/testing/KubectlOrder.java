package dev.netseg.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The manifest files {@code kubectl apply -f DIR/} reads, in the order it applies them: the {@code
 * .json}, {@code .yaml} and {@code .yml} files of the folder, by name in lexical order (Go's {@code
 * filepath.Walk} sorts names byte by byte; for ASCII names so does {@link String#compareTo}). Other
 * files ({@code flows.jsonl}, {@code README.md}) are skipped, as kubectl skips them.
 */
public final class KubectlOrder {
  private KubectlOrder() {}

  public static List<Path> files(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(
              p -> {
                String name = p.getFileName().toString();
                return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
              })
          .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }
}
