package dev.netseg.dataplane;

import dev.netseg.testing.TestBinaries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the dataplane tier finds kube-router: {@code <KUBE_API_TEST_DIR or
 * ~/.kubeapitest>/kube-router/<version>-linux-amd64/kube-router}, built there by {@code
 * scripts/k8s-test-binaries} at the version pinned in {@code dataplane.properties}.
 */
record KubeRouterBinary(String version, Path path) {
  static final String PROPERTIES = "dataplane.properties";

  /** The pinned version, or an exception that says how to build it. */
  static KubeRouterBinary fromEnvironment() {
    return locate(pinnedVersion(), baseDirectory(System.getenv(), System.getProperty("user.home")));
  }

  static KubeRouterBinary locate(String version, Path baseDir) {
    Path binary =
        baseDir.resolve("kube-router").resolve(version + "-linux-amd64").resolve("kube-router");
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "kube-router "
              + version
              + " (the NetworkPolicy engine of the dataplane tier) missing: "
              + binary
              + "; run scripts/k8s-test-binaries to build it (see docs/testing.md)");
    }
    return new KubeRouterBinary(version, binary);
  }

  static Path baseDirectory(Map<String, String> env, String userHome) {
    return TestBinaries.baseDirectory(env, userHome);
  }

  static String pinnedVersion() {
    return TestBinaries.pinnedVersion(
        PROPERTIES, "kube-router.version", "v\\d+\\.\\d+\\.\\d+", "vX.Y.Z");
  }
}
