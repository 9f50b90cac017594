package dev.netseg.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the browser tier finds chromium and chromedriver: Debian's packages (chromium,
 * chromium-driver), installed by {@code scripts/browser-test-tools}, or the files named by {@code
 * NETSEG_CHROMIUM} and {@code NETSEG_CHROMEDRIVER}. Nothing is ever downloaded.
 */
record BrowserTools(Path chromium, Path chromedriver) {
  static final String INSTALL_HINT =
      "run scripts/browser-test-tools (as root: it apt-installs chromium and chromium-driver; see"
          + " docs/testing.md), or set NETSEG_CHROMIUM and NETSEG_CHROMEDRIVER";

  static BrowserTools fromEnvironment() {
    return locate(System.getenv());
  }

  /**
   * @throws IllegalStateException naming each missing program and how to install it
   */
  static BrowserTools locate(Map<String, String> env) {
    Path chromium = Path.of(env.getOrDefault("NETSEG_CHROMIUM", "/usr/bin/chromium"));
    Path chromedriver = Path.of(env.getOrDefault("NETSEG_CHROMEDRIVER", "/usr/bin/chromedriver"));
    List<String> missing = new ArrayList<>();
    if (!Files.isExecutable(chromium)) {
      missing.add("chromium (" + chromium + ")");
    }
    if (!Files.isExecutable(chromedriver)) {
      missing.add("chromedriver (" + chromedriver + ")");
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "the browser test tier needs a headless chromium and its chromedriver; missing: "
              + String.join(", ", missing)
              + "; "
              + INSTALL_HINT);
    }
    return new BrowserTools(chromium, chromedriver);
  }
}
