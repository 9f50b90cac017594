package dev.netseg.dataplane;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves {@link DataplaneFixture} parameters to one dataplane per test JVM, started on first use
 * and closed by the root store when the JVM's tests are done. When it cannot start, every test that
 * asks for it fails with the reason.
 */
public final class DataplaneExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(DataplaneExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == DataplaneFixture.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            "dataplane", key -> DataplaneFixture.start(workRoot()), DataplaneFixture.class);
  }

  /** Under the build directory: logs, certificates and etcd data go with `mvn clean`. */
  static Path workRoot() {
    return Path.of(System.getProperty("netseg.dataplane.workdir", "target/dataplane"));
  }
}
