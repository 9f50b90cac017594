package dev.netseg.it;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves {@link ApiServerFixture} parameters to one server per test JVM, started on first use.
 * The root store closes it (it is AutoCloseable) when the JVM's tests are done. When the server
 * cannot start (missing binaries, say), every test that asks for it fails with the reason.
 */
public final class ApiServerExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(ApiServerExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == ApiServerFixture.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            "shared-api-server", key -> ApiServerFixture.start(workRoot()), ApiServerFixture.class);
  }

  /** Under the build directory, so that `mvn clean` removes certificates, logs and etcd data. */
  static Path workRoot() {
    return Path.of(System.getProperty("netseg.it.workdir", "target/kube-api-test"));
  }
}
