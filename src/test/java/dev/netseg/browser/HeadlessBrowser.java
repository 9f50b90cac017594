package dev.netseg.browser;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the test class's constructor and methods a {@link BrowserFixture} parameter: one headless
 * chromium per test class, quit when the class's tests end. Without chromium or chromedriver, every
 * test of the class fails with the reason and the remedy; none is skipped.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(BrowserExtension.class)
public @interface HeadlessBrowser {}
