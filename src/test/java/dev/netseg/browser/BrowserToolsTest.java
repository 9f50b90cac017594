package dev.netseg.browser;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BrowserToolsTest {
  @Test
  void missingProgramsAreNamedWithTheInstallScript() {
    assertThatThrownBy(
            () ->
                BrowserTools.locate(
                    Map.of(
                        "NETSEG_CHROMIUM", "/nonexistent/chromium",
                        "NETSEG_CHROMEDRIVER", "/nonexistent/chromedriver")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("chromium (/nonexistent/chromium)")
        .hasMessageContaining("chromedriver (/nonexistent/chromedriver)")
        .hasMessageContaining("scripts/browser-test-tools");
  }
}
