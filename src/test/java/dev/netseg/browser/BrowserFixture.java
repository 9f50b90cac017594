package dev.netseg.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless chromium, driven through the system's chromedriver, for one test class. Selenium
 * Manager is never asked for anything (the driver's path is given, so Selenium skips it), and the
 * browser's console and network events are recorded ({@code goog:loggingPrefs}) so that tests can
 * assert that a page logs no error and requests nothing.
 */
public final class BrowserFixture implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration RENDER_TIMEOUT = Duration.ofSeconds(90);

  private final ChromeDriver driver;
  private final Path screenshots;
  private final List<String> requested = new ArrayList<>();

  private BrowserFixture(ChromeDriver driver, Path screenshots) {
    this.driver = driver;
    this.screenshots = screenshots;
  }

  /**
   * Starts chromium at 1600x1000.
   *
   * @throws IllegalStateException when chromium or chromedriver is missing, naming the remedy
   */
  public static BrowserFixture start() {
    BrowserTools tools = BrowserTools.fromEnvironment();
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(tools.chromedriver().toFile())
            .usingAnyFreePort()
            .withSilent(true)
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(tools.chromium().toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1600,1000",
        "--force-device-scale-factor=1",
        "--hide-scrollbars",
        "--no-first-run",
        "--disable-extensions");
    options.setCapability(
        "goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL", LogType.PERFORMANCE, "ALL"));
    options.setExperimentalOption("perfLoggingPrefs", Map.of("enableNetwork", true));
    try {
      return new BrowserFixture(
          new ChromeDriver(service, options),
          Path.of(System.getProperty("netseg.browser.screenshots", "target/map-screenshots")));
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "chromium did not start through "
              + tools.chromedriver()
              + " (browser "
              + tools.chromium()
              + "): "
              + e.getMessage()
              + "; "
              + BrowserTools.INSTALL_HINT,
          e);
    }
  }

  public ChromeDriver driver() {
    return driver;
  }

  /** Opens the HTML file and waits until the map says it has rendered. */
  public MapView open(Path html) {
    driver.get(html.toAbsolutePath().toUri().toString());
    new WebDriverWait(driver, RENDER_TIMEOUT)
        .until(
            d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-rendered")));
    return new MapView(driver);
  }

  /** Console messages and page errors at WARNING or above since the last call. */
  public List<String> consoleProblems() {
    List<String> problems = new ArrayList<>();
    for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
      if (entry.getLevel().intValue() >= Level.WARNING.intValue()) {
        problems.add(entry.getLevel() + " " + entry.getMessage());
      }
    }
    return problems;
  }

  /** The URL of every request the page started, from the first page opened until now. */
  public List<String> requestedUrls() {
    for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
      try {
        JsonNode message = JSON.readTree(entry.getMessage()).path("message");
        if ("Network.requestWillBeSent".equals(message.path("method").asText())) {
          requested.add(message.path("params").path("request").path("url").asText());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("unreadable performance log entry", e);
      }
    }
    return List.copyOf(requested);
  }

  /** Saves what the browser shows as {@code <name>.png} in target/map-screenshots. */
  public Path screenshot(String name) {
    return screenshotTo(screenshots.resolve(name + ".png"));
  }

  public Path screenshotTo(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
