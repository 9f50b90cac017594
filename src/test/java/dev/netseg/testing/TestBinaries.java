package dev.netseg.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * What the tiers that run built binaries (the kube-apiserver tier, the dataplane tier) share: the
 * per-machine folder {@code scripts/k8s-test-binaries} builds them into, and the versions pinned in
 * the test resources that script reads too.
 */
public final class TestBinaries {
  private TestBinaries() {}

  /** {@code KUBE_API_TEST_DIR} when set, else {@code ~/.kubeapitest}. */
  public static Path baseDirectory(Map<String, String> env, String userHome) {
    String configured = env.get("KUBE_API_TEST_DIR");
    return configured != null && !configured.isBlank()
        ? Path.of(configured)
        : Path.of(userHome, ".kubeapitest");
  }

  /**
   * A pinned version from a properties resource on the test classpath.
   *
   * @param pattern the form the version must have
   * @param shape that form as people write it, for the error ({@code vX.Y.Z})
   */
  public static String pinnedVersion(String resource, String key, String pattern, String shape) {
    Properties props = new Properties();
    try (InputStream in = TestBinaries.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the test classpath");
      }
      props.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
    String version = props.getProperty(key);
    if (version == null || !version.matches(pattern)) {
      throw new IllegalStateException(
          resource + ": " + key + " must be " + shape + ", got " + version);
    }
    return version;
  }
}
