package dev.netseg.bench;

import dev.netseg.browser.BrowserFixture;
import dev.netseg.browser.MapPages;
import dev.netseg.browser.MapView;
import dev.netseg.browser.SyntheticMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Time to first render of the map page ({@code netseg map}'s HTML) in headless chromium, for map
 * documents of 200 and 2,000 synthetic workloads ({@link SyntheticMap}: namespaces of 20, about
 * 2.25 connections per workload of mixed statuses). Each round opens each page once, in turns, so
 * that the machine's load falls on all sizes alike; before each opening the browser goes to
 * about:blank. Per page it reports, from the page's own clock ({@code performance.now()}, whose
 * origin is the navigation's start): the time to the first rendered frame ({@code
 * window.netsegMap.renderMillis}, when {@code body[data-rendered]} is set), the time in the page's
 * script (parsing the data, building the controls, layout and drawing) and in d3.pack alone; and,
 * from this JVM, the time from {@code driver.get} until {@code data-rendered} was seen. For a size
 * that starts collapsed it then clicks "Open all" and times the drawing of every workload. Any
 * console warning or error is reported.
 *
 * <p>Usage: {@code MapRenderHarness [rounds] [workloads,...]} (defaults 7 and 200,2000). See
 * docs/performance.md for the command.
 */
public final class MapRenderHarness {
  private record Sample(double render, double script, double layout, double wall, double openAll) {}

  private MapRenderHarness() {}

  public static void main(String[] args) throws IOException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    int[] sizes =
        Arrays.stream((args.length > 1 ? args[1] : "200,2000").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    Map<Integer, Path> pages = new LinkedHashMap<>();
    for (int size : sizes) {
      pages.put(size, MapPages.write("bench-" + size, SyntheticMap.of(size)));
    }
    Map<Integer, List<Sample>> samples = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    String load = loadAverage();
    String browserVersion;
    try (BrowserFixture browser = BrowserFixture.start()) {
      browserVersion = browser.driver().getCapabilities().getBrowserVersion();
      for (int round = 0; round < rounds; round++) {
        for (var page : pages.entrySet()) {
          browser.driver().get("about:blank");
          long start = System.nanoTime();
          MapView map = browser.open(page.getValue());
          double wall = (System.nanoTime() - start) / 1e6;
          Map<String, Number> t = map.timings();
          samples
              .computeIfAbsent(page.getKey(), k -> new ArrayList<>())
              .add(
                  new Sample(
                      t.get("render").doubleValue(),
                      t.get("script").doubleValue(),
                      t.get("layout").doubleValue(),
                      wall,
                      openAll(map)));
          browser.consoleProblems().forEach(p -> problems.add(page.getKey() + ": " + p));
        }
      }
    }
    System.out.printf(
        "%d rounds; %d CPUs (%s); chromium %s; load average before: %s%n",
        rounds, Runtime.getRuntime().availableProcessors(), cpuModel(), browserVersion, load);
    samples.forEach((size, s) -> System.out.println(summary(size, s)));
    System.out.println(
        problems.isEmpty() ? "no console warning or error" : "console problems: " + problems);
  }

  /**
   * The time from a click on "Open all" (every namespace drawn open, as below the collapse
   * threshold) to the next rendered frame; 0 when nothing was collapsed.
   */
  private static double openAll(MapView map) {
    Object millis =
        map.script(
            "if (window.netsegMap.collapsed().length === 0) return 0;"
                + " const t = performance.now();"
                + " document.getElementById('expand-all').click();"
                + " return new Promise(done =>"
                + "   requestAnimationFrame(() => setTimeout(() => done(performance.now() - t), 0)));");
    return ((Number) millis).doubleValue();
  }

  private static String summary(int workloads, List<Sample> samples) {
    double[] openAll = samples.stream().mapToDouble(Sample::openAll).toArray();
    return String.format(
        "%,6d workloads: first render %s; script %s; d3.pack %s; driver.get to rendered %s%s",
        workloads,
        stats(samples.stream().mapToDouble(Sample::render).toArray()),
        stats(samples.stream().mapToDouble(Sample::script).toArray()),
        stats(samples.stream().mapToDouble(Sample::layout).toArray()),
        stats(samples.stream().mapToDouble(Sample::wall).toArray()),
        openAll[0] > 0 ? "; \"Open all\" to next frame " + stats(openAll) : "");
  }

  /** Median (min-max) in milliseconds. */
  private static String stats(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return String.format("%.0f ms (%.0f-%.0f)", v[v.length / 2], v[0], v[v.length - 1]);
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
