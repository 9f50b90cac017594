package dev.netseg.cli;

import io.fabric8.kubernetes.client.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The client configuration of the commands that read the cluster (today {@code proposal}). */
final class ClientConfig {
  static final int RETRIES = 2;
  private static final Pattern POSITION = Pattern.compile("line \\d+, column \\d+");

  private ClientConfig() {}

  /**
   * The cluster of {@code kubeconfig} (null: $KUBECONFIG, ~/.kube/config or in-cluster), with at
   * most {@value #RETRIES} retries of a failed request: fabric8's default of 10, with a doubling
   * back-off, kept a person waiting 20 s for the error when the API server was not reachable
   * (kubectl does not retry at all).
   */
  static Config of(Path kubeconfig) {
    if (kubeconfig != null && !Files.isReadable(kubeconfig)) {
      throw new UserError("cannot read kubeconfig " + kubeconfig);
    }
    Config config;
    try {
      config =
          kubeconfig == null
              ? Config.autoConfigure(null)
              : Config.fromKubeconfig(kubeconfig.toFile());
    } catch (RuntimeException e) { // fabric8's, or the YAML parser's for a file that is not YAML
      throw new UserError(
          "cannot read kubeconfig %s: %s"
              .formatted(kubeconfig == null ? "(default)" : kubeconfig, oneLine(e)),
          e);
    }
    config.setRequestRetryBackoffLimit(RETRIES);
    return config;
  }

  /** A multi-line parser message as its first line and the position it names, if any. */
  private static String oneLine(RuntimeException e) {
    String message = String.valueOf(e.getMessage());
    String first = message.lines().findFirst().orElse(message).strip();
    Matcher position = POSITION.matcher(message);
    return position.find() && !first.contains(position.group())
        ? first + " (" + position.group() + ")"
        : first;
  }
}
