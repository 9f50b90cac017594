package dev.netseg.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A kubeconfig file for the commands that read the cluster, pointing at a mock API server. */
final class MockKubeconfig {
  private MockKubeconfig() {}

  /** Writes {@code dir/config} for the server {@code client} talks to, and returns it. */
  static Path write(Path dir, KubernetesClient client) {
    Path kubeconfig = dir.resolve("config");
    try {
      Files.writeString(
          kubeconfig,
          """
          apiVersion: v1
          kind: Config
          clusters:
          - name: mock
            cluster: {server: "%s", insecure-skip-tls-verify: true}
          users:
          - name: me
            user: {token: secret}
          contexts:
          - name: mock
            context: {cluster: mock, user: me, namespace: default}
          current-context: mock
          """
              .formatted(client.getConfiguration().getMasterUrl()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return kubeconfig;
  }
}
