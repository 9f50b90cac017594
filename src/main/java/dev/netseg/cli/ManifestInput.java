package dev.netseg.cli;

import dev.netseg.manifest.ManifestException;
import dev.netseg.manifest.ManifestLoader;
import dev.netseg.manifest.Manifests;
import dev.netseg.manifest.UnrenderedInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Loads the manifests named on a command line (files, directories, or {@code -} for standard
 * input), turning every problem into a {@link UserError}, and prints the loader's warnings.
 */
final class ManifestInput {
  /** The help text of the manifest paths of every command. */
  static final String PATHS_HELP =
      "Rendered manifests (YAML or JSON; Lists and multi-document files): files, directories, or"
          + " - for standard input (helm template ... | netseg generate -; kubectl kustomize DIR"
          + " | netseg generate -). A Helm chart or a kustomization is refused.";

  private static final Path STANDARD_INPUT = Path.of("-");

  private final String command;
  private final DefaultNamespace namespace;
  private final InputStream stdin;
  private final PrintWriter err;
  private boolean stdinRead;

  private ManifestInput(
      String command, DefaultNamespace namespace, InputStream stdin, PrintWriter err) {
    this.command = command;
    this.namespace = namespace;
    this.stdin = stdin;
    this.err = err;
  }

  /** The input of a netseg subcommand: its name for messages, standard input from the root. */
  static ManifestInput of(CommandSpec spec, DefaultNamespace namespace) {
    InputStream in =
        spec.root().userObject() instanceof NetsegMain main ? main.standardInput() : System.in;
    return new ManifestInput(spec.qualifiedName(), namespace, in, spec.commandLine().getErr());
  }

  /**
   * @throws UserError for a missing path, bad manifests, un-rendered input (with the command to
   *     render it), or {@code -} named a second time
   */
  Manifests load(List<Path> paths) {
    String standardInput = null;
    for (Path p : paths) {
      if (p.equals(STANDARD_INPUT)) {
        standardInput = readStandardInput();
      } else if (!Files.exists(p)) {
        throw new UserError(p + ": no such file or directory");
      }
    }
    ManifestLoader loader = new ManifestLoader(namespace.value());
    if (!namespace.given()) {
      loader = loader.hintMissingNamespace();
    }
    Manifests manifests;
    try {
      manifests = loader.load(paths, standardInput);
    } catch (UnrenderedInputException e) {
      throw new UserError(e.message(command), e);
    } catch (ManifestException e) {
      throw new UserError(e.getMessage(), e);
    }
    for (String warning : manifests.warnings()) {
      err.println("warning: " + warning);
    }
    err.flush();
    return manifests;
  }

  private String readStandardInput() {
    if (stdinRead) {
      throw new UserError("-: standard input can be read only once");
    }
    stdinRead = true;
    try {
      return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserError("-: cannot read standard input: " + e.getMessage(), e);
    }
  }
}
