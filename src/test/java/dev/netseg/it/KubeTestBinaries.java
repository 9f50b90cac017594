package dev.netseg.it;

import dev.netseg.testing.TestBinaries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where the real-API-server tier finds kube-apiserver, etcd and kubectl: the directory that
 * io.fabric8:kube-api-test uses ({@code <base>/k8s/<version>-linux-amd64/}), filled by {@code
 * scripts/k8s-test-binaries}. The version is pinned in {@code kube-api-test.properties}, which the
 * script reads too.
 */
public record KubeTestBinaries(String kubernetesVersion, Path directory) {
  static final String PROPERTIES = "kube-api-test.properties";
  static final List<String> NAMES = List.of("kube-apiserver", "etcd", "kubectl");
  static final String BUILD_HINT =
      "run scripts/k8s-test-binaries to build them (see docs/testing.md), or skip the"
          + " real-API-server tier with -DskipITs";

  /** The pinned version, in the directory named by KUBE_API_TEST_DIR or ~/.kubeapitest. */
  public static KubeTestBinaries fromEnvironment() {
    return locate(pinnedVersion(), baseDirectory(System.getenv(), System.getProperty("user.home")));
  }

  /**
   * The binaries of {@code version} under {@code baseDir}.
   *
   * @throws IllegalStateException naming every missing binary and how to build it
   */
  public static KubeTestBinaries locate(String version, Path baseDir) {
    Path dir = baseDir.resolve("k8s").resolve(version + "-linux-amd64");
    List<String> missing =
        NAMES.stream().filter(name -> !Files.isExecutable(dir.resolve(name))).toList();
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "Kubernetes "
              + version
              + " test binaries missing in "
              + dir
              + ": "
              + String.join(", ", missing)
              + "; "
              + BUILD_HINT);
    }
    return new KubeTestBinaries(version, dir);
  }

  static Path baseDirectory(Map<String, String> env, String userHome) {
    return TestBinaries.baseDirectory(env, userHome);
  }

  static String pinnedVersion() {
    return TestBinaries.pinnedVersion(PROPERTIES, "kubernetes.version", "1\\.\\d+\\.\\d+", "1.X.Y");
  }

  public Path kubectl() {
    return directory.resolve("kubectl");
  }
}
