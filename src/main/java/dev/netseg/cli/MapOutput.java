package dev.netseg.cli;

import dev.netseg.map.MapBuilder;
import dev.netseg.map.MapDocument;
import dev.netseg.map.MapInput;
import dev.netseg.map.MapJson;
import dev.netseg.map.MapPage;
import dev.netseg.policy.InvalidPolicyException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Draws a map and writes it, as the page or its data, to stdout or whole to a file. */
final class MapOutput {
  private MapOutput() {}

  /**
   * @param data the data as JSON instead of the page
   * @param output a file, or {@code -} for {@code out}
   */
  static void write(MapInput input, boolean data, String output, PrintWriter out, PrintWriter err) {
    MapDocument document;
    try {
      document = new MapBuilder().build(input);
    } catch (InvalidPolicyException e) {
      throw new UserError(e.getMessage(), e);
    }
    String text =
        data
            ? MapJson.write(document, true) + "\n"
            : MapPage.html(document.title(), MapJson.write(document, false));
    if (output.equals("-")) {
      out.print(text);
      out.flush();
      return;
    }
    Path target = Path.of(output);
    writeWhole(target, text);
    err.printf(
        "netseg map: wrote %s (%d workloads, %d nodes, %d edges)%n",
        target,
        document.summary().workloads(),
        document.summary().nodes(),
        document.summary().edges());
    err.flush();
  }

  /** Writes a file through a temporary sibling, so that it is whole or untouched. */
  private static void writeWhole(Path target, String text) {
    Path tmp = null;
    try {
      tmp = TempFiles.sibling(target, "." + target.getFileName());
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      try {
        if (tmp != null) {
          Files.deleteIfExists(tmp);
        }
      } catch (IOException ignored) {
        // the message below names the file; a leftover temporary file is named like it
      }
      throw new UserError("cannot write " + target + ": " + e + " (nothing written)", e);
    }
  }
}
