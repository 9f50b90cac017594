package dev.netseg.dataplane;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

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
    String configured = env.get("KUBE_API_TEST_DIR");
    return configured != null && !configured.isBlank()
        ? Path.of(configured)
        : Path.of(userHome, ".kubeapitest");
  }

  static String pinnedVersion() {
    Properties props = new Properties();
    try (InputStream in = KubeRouterBinary.class.getClassLoader().getResourceAsStream(PROPERTIES)) {
      if (in == null) {
        throw new IllegalStateException(PROPERTIES + " is not on the test classpath");
      }
      props.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + PROPERTIES, e);
    }
    String version = props.getProperty("kube-router.version");
    if (version == null || !version.matches("v\\d+\\.\\d+\\.\\d+")) {
      throw new IllegalStateException(
          PROPERTIES + ": kube-router.version must be vX.Y.Z, got " + version);
    }
    return version;
  }
}
