package dev.netseg.dataplane;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the test class's constructor, lifecycle and test methods a {@link DataplaneFixture}
 * parameter: one dataplane (API server, node network, kube-router) per test JVM, shared by the
 * tier's classes and removed when the JVM's tests end. Each class adds the hosts, namespaces and
 * pods it needs and removes them after.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(DataplaneExtension.class)
public @interface Dataplane {}
