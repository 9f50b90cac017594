package dev.netseg.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the test class's constructor, lifecycle and test methods an {@link ApiServerFixture}
 * parameter: one real API server shared by every such class in the test JVM, stopped when the JVM's
 * tests end. Classes share it, so each works in namespaces of its own ({@link
 * ApiServerFixture#createNamespace}). A test that needs a server of its own calls {@link
 * ApiServerFixture#start} itself; one that restarts it uses {@link RestartableApiServer}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ApiServerExtension.class)
public @interface RealApiServer {}
