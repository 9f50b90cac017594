package dev.netseg.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IT tier must fail loudly, and say how to fix it, when its binaries are missing. */
class KubeTestBinariesTest {
  @TempDir Path base;

  @Test
  void missingBinariesFailNamingEachOneAndTheBuildScript() {
    assertThatThrownBy(() -> KubeTestBinaries.locate("1.34.4", base))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(base.resolve("k8s/1.34.4-linux-amd64").toString())
        .hasMessageContaining("kube-apiserver, etcd, kubectl")
        .hasMessageContaining("scripts/k8s-test-binaries");
  }

  @Test
  void namesOnlyTheBinariesThatAreMissingOrNotExecutable() throws IOException {
    Path dir = Files.createDirectories(base.resolve("k8s/1.34.4-linux-amd64"));
    executable(dir.resolve("kube-apiserver"));
    Files.writeString(dir.resolve("etcd"), "not executable");

    assertThatThrownBy(() -> KubeTestBinaries.locate("1.34.4", base))
        .hasMessageContaining(": etcd, kubectl;")
        .hasMessageNotContaining("kube-apiserver,");
  }

  @Test
  void findsTheVersionFolderInKubeApiTestLayout() throws IOException {
    Path dir = Files.createDirectories(base.resolve("k8s/1.34.4-linux-amd64"));
    for (String name : KubeTestBinaries.NAMES) {
      executable(dir.resolve(name));
    }

    KubeTestBinaries found = KubeTestBinaries.locate("1.34.4", base);

    assertThat(found.directory()).isEqualTo(dir);
    assertThat(found.kubectl()).isEqualTo(dir.resolve("kubectl"));
  }

  @Test
  void baseDirectoryIsKubeApiTestDirWhenSetElseHomeDotKubeapitest() {
    assertThat(KubeTestBinaries.baseDirectory(Map.of("KUBE_API_TEST_DIR", "/opt/k"), "/home/u"))
        .isEqualTo(Path.of("/opt/k"));
    assertThat(KubeTestBinaries.baseDirectory(Map.of("KUBE_API_TEST_DIR", " "), "/home/u"))
        .isEqualTo(Path.of("/home/u/.kubeapitest"));
    assertThat(KubeTestBinaries.baseDirectory(Map.of(), "/home/u"))
        .isEqualTo(Path.of("/home/u/.kubeapitest"));
  }

  @Test
  void pinnedVersionComesFromThePropertiesTheBuildScriptReads() throws IOException {
    String script = Files.readString(Path.of("scripts/k8s-test-binaries"));
    assertThat(script).contains("src/test/resources/" + KubeTestBinaries.PROPERTIES);
    assertThat(KubeTestBinaries.pinnedVersion()).matches("1\\.3[4-7]\\.\\d+");
  }

  private static void executable(Path file) throws IOException {
    Files.writeString(file, "#!/bin/sh\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
